"""An empty, migrated database for a benchmark run: a new SQLite file, or a PostgreSQL database emptied first."""

from __future__ import annotations

from sqlalchemy import text

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import upgrade_database


def fresh_database(url: str) -> Database:
    """The database at `url`, its public schema dropped first on PostgreSQL (benchmarks own the database they are
    given), then migrated to the latest revision."""
    engine = create_db_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    upgrade_database(engine)
    return Database(engine)
