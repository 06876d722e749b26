"""The record of files imported to the end, keyed by their bytes' sha256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import imported_files


def is_digest_imported(connection: Connection, *, sha256: str) -> bool:
    query = select(imported_files.c.sha256).where(imported_files.c.sha256 == sha256)
    return connection.execute(query).first() is not None


def record_imported_file(
    connection: Connection,
    *,
    sha256: str,
    name: str,
    format: str,
    record_count: int,
    skipped_count: int,
    imported_at: datetime,
) -> None:
    connection.execute(
        insert_ignoring_conflicts(connection, imported_files).values(
            sha256=sha256,
            name=name,
            format=format,
            record_count=record_count,
            skipped_count=skipped_count,
            imported_at=imported_at,
        )
    )
