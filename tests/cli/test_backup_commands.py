"""`dailypapers backup`: a consistent SQLite copy while writers keep writing; PostgreSQL is sent to pg_dump."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select
from typer.testing import CliRunner

from dailypapers.cli.main import app
from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import head_revision, upgrade_database
from dailypapers.db.schema import imported_files
from dailypapers.domain.clock import utc_now
from dailypapers.services.backups import BackupUnsupported, back_up_database
from tests.conftest import POSTGRES_URL


def _write_rows(engine: Engine, *, start: int, count: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(imported_files),
            [
                {
                    "sha256": f"{n:064d}",
                    "name": f"f{n}",
                    "format": "x",
                    "record_count": n,
                    "skipped_count": 0,
                    "imported_at": utc_now(),
                }
                for n in range(start, start + count)
            ],
        )


def test_backup_is_consistent_while_a_writer_commits(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    upgrade_database(engine)
    _write_rows(engine, start=0, count=20_000)
    stop = threading.Event()
    written = [0]

    def keep_writing() -> None:
        # Rows go in batches of 100 in one transaction each: a consistent copy holds whole batches only.
        while not stop.is_set():
            _write_rows(engine, start=20_000 + written[0], count=100)
            written[0] += 100

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        for round_number in range(3):
            target = tmp_path / f"copy{round_number}.sqlite3"
            back_up_database(Database(engine), target=target)
            copy = sqlite3.connect(target)
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
            (rows,) = copy.execute("SELECT count(*) FROM imported_files").fetchone()
            assert rows >= 20_000 and rows % 100 == 0
            (revision,) = copy.execute("SELECT version_num FROM alembic_version").fetchone()
            assert revision == head_revision(engine)
            copy.close()
    finally:
        stop.set()
        writer.join()
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(imported_files)).scalar_one() == 20_000 + written[0]
    assert written[0] > 0, "the writer never wrote during the backups"
    assert not list(tmp_path.glob(".*.partial"))
    engine.dispose()


def test_backup_command_writes_a_file_that_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAILYPAPERS_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("DAILYPAPERS_DATABASE_URL", "")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    result = runner.invoke(app, ["backup", str(tmp_path / "backup.sqlite3")])
    assert result.exit_code == 0, result.output
    assert "bytes" in result.stdout
    assert sqlite3.connect(tmp_path / "backup.sqlite3").execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.skipif(not POSTGRES_URL, reason="DAILYPAPERS_TEST_DATABASE_URL is not set")
def test_backup_on_postgresql_names_pg_dump_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_db_engine(POSTGRES_URL)
    with pytest.raises(BackupUnsupported, match="pg_dump"):
        back_up_database(Database(engine), target=tmp_path / "x")
    engine.dispose()
    monkeypatch.setenv("DAILYPAPERS_DATABASE_URL", POSTGRES_URL)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["backup", str(tmp_path / "backup.sqlite3")])
    assert result.exit_code == 2 and "pg_dump" in result.stderr
    assert not (tmp_path / "backup.sqlite3").exists()
