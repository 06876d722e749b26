"""A real server on loopback over a real (committed) SQLite database, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import upgrade_database
from dailypapers.domain import urls
from dailypapers.domain.passwords import hash_password
from dailypapers.domain.users import Role
from dailypapers.email.senders import MemorySender
from dailypapers.services.container import Services
from dailypapers.services.imports import import_file
from dailypapers.store import users as users_store
from dailypapers.web.app import create_app
from tests.fakes.arxiv_server import FakeArxiv
from tests.live_server import live_settings, serve

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "an admin's browser password"
_admins = itertools.count(1)


@pytest.fixture(scope="session")
def live_outbox() -> MemorySender:
    """The emails the live server sent."""
    return MemorySender()


@pytest.fixture(scope="session")
def live_arxiv() -> Iterator[FakeArxiv]:
    """The fake arXiv the live server looks unknown papers up in; it starts knowing no paper."""
    with FakeArxiv() as server:
        yield server


@pytest.fixture(scope="session")
def live_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The live server's database: the shipped Daily Papers archive and the test fixture papers."""
    engine = create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('live-db') / 'live.sqlite3'}")
    upgrade_database(engine)
    db = Database(engine)
    import_file(db, path=ROOT / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz")
    import_file(db, path=ROOT / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl")
    yield db
    engine.dispose()


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, live_outbox: MemorySender, live_db: Database, live_arxiv: FakeArxiv
) -> Iterator[str]:
    """The site over `live_db`, looking unknown papers up in `live_arxiv`."""
    settings = live_settings(data_dir=tmp_path_factory.mktemp("live"), arxiv_url=live_arxiv.base_url)
    app = create_app(settings, services=Services(settings, serving=True, db=live_db, sender=live_outbox))
    with serve(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install -y chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def make_admin(db: Database) -> tuple[str, str]:
    username = f"admin{next(_admins)}"
    with db.transaction() as connection:
        users_store.insert_user(
            connection,
            email=f"{username}@example.org",
            username=username,
            role=Role.ADMIN,
            password_hash=hash_password(ADMIN_PASSWORD),
            now=datetime.now(UTC),
            email_confirmed=True,
        )
    return username, f"{username}@example.org"


@pytest.fixture(scope="session")
def admin_context(browser: Any, live_server: str, live_db: Database) -> Iterator[tuple[Any, str]]:
    """A browser signed in as an admin, who sees every control a member, curator or admin sees."""
    username, email = make_admin(live_db)
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server + urls.signin_path())
    page.fill("#email", email)
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(live_server + "/")
    page.close()
    yield context, username
    context.close()
