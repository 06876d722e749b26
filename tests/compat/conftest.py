"""A real server on loopback over the shipped records (the Daily Papers archive in data/demo and the arXiv test
fixture), for clients that speak HTTP: huggingface_hub and schemathesis. The approach of tests/browser/conftest.py,
without the browser: each module gets its own server over its own copy of the database, since some modules write."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import upgrade_database
from dailypapers.services.container import Services
from dailypapers.services.imports import import_file
from dailypapers.web.app import create_app
from tests.fakes.arxiv_server import FakeArxiv
from tests.live_server import live_settings, serve

ROOT = Path(__file__).resolve().parents[2]
HF_ARCHIVE = ROOT / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz"
ARXIV_FIXTURE = ROOT / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl"


@pytest.fixture(scope="session")
def shipped_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the shipped records, imported once per session (a few seconds); modules copy it."""
    path = tmp_path_factory.mktemp("shipped") / "shipped.sqlite3"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    db = Database(engine)
    import_file(db, path=HF_ARCHIVE)
    import_file(db, path=ARXIV_FIXTURE)
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def module_db(shipped_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """This module's own copy of the shipped database, so what one module writes no other sees."""
    path = tmp_path_factory.mktemp("module-db") / "live.sqlite3"
    shutil.copyfile(shipped_database_file, path)
    engine = create_db_engine(f"sqlite:///{path}")
    yield Database(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def live_url(module_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site over `module_db` on 127.0.0.1, looking unknown papers up in a local arXiv that knows none."""
    with FakeArxiv() as arxiv:
        settings = live_settings(data_dir=tmp_path_factory.mktemp("live-data"), arxiv_url=arxiv.base_url)
        app = create_app(settings, services=Services(settings, serving=True, db=module_db))
        with serve(app) as url:
            yield url
