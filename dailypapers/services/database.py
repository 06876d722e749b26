"""Schema upkeep as a use case: migrate, and tell whether the schema is current."""

from __future__ import annotations

from dailypapers.db.engine import Database
from dailypapers.db.migrate import current_revision, head_revision, upgrade_database


def migrate_database(db: Database) -> tuple[str | None, str | None]:
    """Upgrade to the newest schema; returns the revisions before and after."""
    before = current_revision(db.engine)
    upgrade_database(db.engine)
    return before, current_revision(db.engine)


def is_database_current(db: Database) -> bool:
    return current_revision(db.engine) == head_revision(db.engine)
