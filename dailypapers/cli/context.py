"""What every command shares: the settings, and a database, a mailer and the search indexes made on first use."""

from __future__ import annotations

from dataclasses import dataclass, field

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.mail import Mailer, create_settings_sender
from dailypapers.services.search import open_search_indexes
from dailypapers.settings import Settings


@dataclass
class CliState:
    settings: Settings
    _db: Database | None = field(default=None, init=False)
    _search: SearchIndexes | None = field(default=None, init=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database(create_db_engine(self.settings.database_url))
        return self._db

    @property
    def mailer(self) -> Mailer:
        settings = self.settings
        return Mailer(sender=create_settings_sender(settings), site_name=settings.site_name, base_url=settings.base_url)

    @property
    def search(self) -> SearchIndexes:
        if self._search is None:
            self._search = open_search_indexes(self.settings)
        return self._search
