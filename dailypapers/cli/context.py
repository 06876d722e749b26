"""What every command shares: the settings, and a database, a mailer and the semantic index made on first use."""

from __future__ import annotations

from dataclasses import dataclass, field

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.email.senders import create_sender
from dailypapers.search.semantic import SemanticIndex
from dailypapers.services.mail import Mailer
from dailypapers.services.search import open_semantic_index
from dailypapers.settings import Settings


@dataclass
class CliState:
    settings: Settings
    _db: Database | None = field(default=None, init=False)
    _semantic: SemanticIndex | None = field(default=None, init=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database(create_db_engine(self.settings.database_url))
        return self._db

    @property
    def mailer(self) -> Mailer:
        settings = self.settings
        sender = create_sender(settings.email_backend, from_address=settings.email_from, outbox=settings.outbox_dir)
        return Mailer(sender=sender, site_name=settings.site_name, base_url=settings.base_url)

    @property
    def semantic(self) -> SemanticIndex:
        if self._semantic is None:
            self._semantic = open_semantic_index(self.settings)
        return self._semantic
