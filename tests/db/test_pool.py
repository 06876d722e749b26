"""Connections are kept for as many requests as a web worker answers at once, so none is opened per request."""

import threading
from pathlib import Path

import pytest
from sqlalchemy import event, text

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.services.container import Services
from dailypapers.settings import Settings

# As many requests at once as `benchmarks/http_load.py` sends one of two workers.
AT_ONCE = 16


def connections_opened_by_bursts(db: Database, *, bursts: int, at_once: int = AT_ONCE) -> int:
    """How many connections `bursts` rounds of `at_once` simultaneous reads open after a first round."""
    opened = 0

    def count(*_: object) -> None:
        nonlocal opened
        opened += 1

    def burst() -> None:
        together = threading.Barrier(at_once)

        def read() -> None:
            with db.reading() as connection:
                together.wait(timeout=10)  # every thread holds a connection at the same moment
                connection.execute(text("SELECT 1"))

        threads = [threading.Thread(target=read) for _ in range(at_once)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    burst()
    event.listen(db.engine, "connect", count)
    for _ in range(bursts):
        burst()
    return opened


def test_a_busy_worker_opens_no_sqlite_connection_per_request(tmp_path: Path) -> None:
    db = Database(create_db_engine(f"sqlite:///{tmp_path / 'pool.sqlite3'}"))
    try:
        assert connections_opened_by_bursts(db, bursts=3) == 0
    finally:
        db.dispose()


def test_a_pool_smaller_than_the_burst_opens_connections_each_time(tmp_path: Path) -> None:
    # What the default avoids (SQLAlchemy's own default is 5 kept and 10 more): five kept, the other ten of a
    # burst of fifteen opened and closed every time. A sixteenth would wait for one of them to come back.
    db = Database(create_db_engine(f"sqlite:///{tmp_path / 'pool.sqlite3'}", pool_size=5))
    try:
        assert connections_opened_by_bursts(db, bursts=3, at_once=15) == 3 * 10
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("url", "configured", "kept"),
    [
        ("sqlite:///{tmp}/a.sqlite3", None, 40),
        ("postgresql://reader@127.0.0.1:1/none", None, 10),
        ("postgresql://reader@127.0.0.1:1/none", 25, 25),
        ("sqlite:///{tmp}/a.sqlite3", 3, 3),
    ],
)
def test_the_pool_size_comes_from_the_settings_or_the_backend(
    tmp_path: Path, url: str, configured: int | None, kept: int
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=url.format(tmp=tmp_path), database_pool_size=configured)
    services = Services(settings)
    try:
        assert services.db.engine.pool.size() == kept  # type: ignore[attr-defined]
    finally:
        services.close()


def test_an_empty_pool_size_variable_means_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DAILYPAPERS_DATABASE_POOL_SIZE", "")
    assert Settings(data_dir=tmp_path).database_pool_size is None
    monkeypatch.setenv("DAILYPAPERS_DATABASE_POOL_SIZE", "0")
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        Settings(data_dir=tmp_path)
