"""`Database.snapshot()` sees one moment throughout, while other connections commit (an export relies on it)."""

from __future__ import annotations

from sqlalchemy import Engine, func, insert, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import imported_files
from dailypapers.domain.clock import utc_now


def _add_file(engine: Engine, number: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(imported_files).values(
                sha256=f"{number:064d}",
                name=f"f{number}",
                format="x",
                record_count=0,
                skipped_count=0,
                imported_at=utc_now(),
            )
        )


def test_a_snapshot_does_not_see_what_commits_after_its_first_read(committed_engine: Engine) -> None:
    db = Database(committed_engine)
    count = select(func.count()).select_from(imported_files)
    _add_file(committed_engine, 1)
    with db.snapshot() as connection:
        assert connection.execute(count).scalar_one() == 1
        _add_file(committed_engine, 2)
        assert connection.execute(count).scalar_one() == 1
    with db.reading() as connection:
        assert connection.execute(count).scalar_one() == 2
