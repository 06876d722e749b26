"""`dailypapers backup`: a consistent copy of the database while the site keeps serving."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dailypapers.db.backup import backup_sqlite
from dailypapers.db.engine import Database


class BackupUnsupported(Exception):
    """This database is backed up with its own tools."""


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    size_bytes: int


def back_up_database(db: Database, *, target: Path) -> BackupReport:
    """Copy a SQLite database to `target`; raises BackupUnsupported on PostgreSQL, which pg_dump backs up."""
    if db.dialect != "sqlite":
        raise BackupUnsupported(
            "the database is PostgreSQL: back it up with its own tools, for example "
            "`pg_dump --format=custom --file=dailypapers.dump DATABASE_URL` (a consistent snapshot while the site "
            "serves), and restore with `pg_restore`; see docs/operations.md"
        )
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder; name the backup file")
    backup_sqlite(db.engine, target)
    return BackupReport(target, target.stat().st_size)
