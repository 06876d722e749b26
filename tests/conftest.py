"""Shared fixtures: a migrated database per dialect, rolled back after each test, and an app over it.

SQLite always; PostgreSQL too when DAILYPAPERS_TEST_DATABASE_URL is set (CI sets it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from argon2 import PasswordHasher, profiles
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from dailypapers.db.engine import BoundDatabase, Database, create_db_engine
from dailypapers.db.migrate import upgrade_database
from dailypapers.domain import passwords
from dailypapers.email.senders import MemorySender
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.container import Services
from dailypapers.settings import Settings
from dailypapers.web.app import create_app

if TYPE_CHECKING:
    from tests.factories import FakeClock

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
POSTGRES_URL = os.environ.get("DAILYPAPERS_TEST_DATABASE_URL", "")

pytest_plugins = [
    "tests.factories",
    "tests.for_you_fixtures",
    "tests.fakes.arxiv_fixtures",
    "tests.fakes.oai_fixtures",
    "tests.fakes.smtp_server",
    "tests.search_fixtures",
]


@pytest.fixture(autouse=True)
def _keep_settings_environment() -> Iterator[None]:
    """`dailypapers demo` exports settings for its server processes; no test leaves them to the next."""
    saved = {name: value for name, value in os.environ.items() if name.startswith("DAILYPAPERS_")}
    yield
    for name in [name for name in os.environ if name.startswith("DAILYPAPERS_") and name not in saved]:
        del os.environ[name]
    os.environ.update(saved)


def _dialects() -> list[pytest.param]:  # type: ignore[valid-type]
    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgresql",
            id="postgresql",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="DAILYPAPERS_TEST_DATABASE_URL is not set"),
        ),
    ]


def reset_postgres(url: str) -> Engine:
    """An engine on the test PostgreSQL database, emptied of everything earlier runs left."""
    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
        # Dropping the schema dropped pgvector's objects too; search uses the extension where the server has it.
        if connection.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).first():
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
    return engine


def fresh_engine(dialect: str, directory: Path) -> Engine:
    """A newly migrated, empty database of the dialect: for tests that commit for real."""
    engine = (
        reset_postgres(POSTGRES_URL)
        if dialect == "postgresql"
        else create_db_engine(f"sqlite:///{directory / 'fresh.sqlite3'}")
    )
    upgrade_database(engine)
    return engine


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """argon2's cheapest parameters: the production ones take a quarter second a hash, on purpose."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))
        yield


@pytest.fixture(scope="session", params=_dialects())
def migrated_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = fresh_engine(request.param, tmp_path_factory.mktemp(request.param))
    yield engine
    engine.dispose()


@pytest.fixture
def db(migrated_engine: Engine) -> Iterator[Database]:
    """The database, with everything a test writes rolled back at its end."""
    with migrated_engine.connect() as connection:
        outer = connection.begin()
        yield BoundDatabase(connection)
        outer.rollback()


@pytest.fixture(params=_dialects())
def committed_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database that a test commits to for real, for other threads and processes to see."""
    engine = fresh_engine(request.param, tmp_path)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        fresh_engine("postgresql", tmp_path).dispose()  # leave no rows behind for the tests that follow


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # No test may reach the real arXiv: lookups are off unless a test points them at the fake one. The page cache
    # asks the database on every request, so a write shows on the next anonymous read, as it does across nodes
    # once the check interval has passed.
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "var",
        database_url="sqlite://",
        arxiv_lookups=False,
        page_cache_check_seconds=0,
    )


@pytest.fixture
def outbox() -> MemorySender:
    """The emails the app sent."""
    return MemorySender()


@pytest.fixture
def client(
    db: Database, settings: Settings, outbox: MemorySender, clock: FakeClock, indexes: SearchIndexes
) -> Iterator[TestClient]:
    services = Services(settings, serving=True, db=db, sender=outbox, clock=clock, search=indexes)
    app = create_app(settings, services=services)
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


# CI sets DAILYPAPERS_TEST_NO_SKIP=1: there every service a test needs is up, so a skip is a failure.
_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and os.environ.get("DAILYPAPERS_TEST_NO_SKIP") == "1":
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped:
        print(f"\n{len(_skipped)} tests were skipped where none may be: {_skipped[:5]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
