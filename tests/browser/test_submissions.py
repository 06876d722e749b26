"""Submitting and curating in a real browser: a known paper and one only (the fake) arXiv knows join today's list,
a form sent after signing out is refused, and a curator pins and removes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.passwords import hash_password
from dailypapers.domain.users import Role
from dailypapers.email.senders import MemorySender
from dailypapers.store import users as users_store
from tests.browser.test_sessions import PASSWORD, sign_up
from tests.fakes.arxiv_feed import FakePaper, load_fixture_rows
from tests.fakes.arxiv_server import FakeArxiv

pytestmark = pytest.mark.browser
_numbers = itertools.count(1)


def fixture_paper(index: int) -> dict[str, Any]:
    """A paper of the test fixture, which the live server has indexed (but not listed on any day)."""
    return list(load_fixture_rows().values())[index]


def submit(page: Any, live_server: str, arxiv_id: str, comment: str = "") -> None:
    page.goto(live_server + "/")
    page.click(".site-nav >> text=Submit")
    page.fill("#arxiv_id", arxiv_id)
    page.fill("#comment", comment)
    page.click("form.stacked button:has-text('Submit')")


def make_curator(db: Database) -> str:
    email = f"curator{next(_numbers)}@example.org"
    with db.transaction() as connection:
        users_store.insert_user(
            connection,
            email=email,
            username=email.split("@")[0],
            role=Role.CURATOR,
            password_hash=hash_password(PASSWORD),
            now=datetime.now(UTC),
            email_confirmed=True,
        )
    return email


def test_a_member_submits_a_known_paper_and_finds_it_on_today_s_list(
    live_server: str, browser: Any, live_outbox: MemorySender
) -> None:
    row = fixture_paper(10)
    page = browser.new_page()
    try:
        username = sign_up(page, live_server, confirm_with=live_outbox)
        submit(page, live_server, f"https://arxiv.org/abs/{row['id']}", comment="A browser's favourite")
        page.wait_for_url("**/papers/date/*?sort=added")
        card = page.locator("article.card", has_text=row["title"][:40])
        assert card.count() == 1
        assert "A browser's favourite" in card.inner_text() and f"submitted by {username}" in card.inner_text()
    finally:
        page.close()


def test_a_paper_only_arxiv_knows_is_fetched_and_listed(
    live_server: str, browser: Any, live_arxiv: FakeArxiv, live_outbox: MemorySender
) -> None:
    row = fixture_paper(11)
    live_arxiv.add(FakePaper.from_row(row, arxiv_id="2511.99901", title="Fetched from the fake arXiv"))
    page = browser.new_page()
    try:
        sign_up(page, live_server, confirm_with=live_outbox)
        submit(page, live_server, "arXiv:2511.99901")
        page.wait_for_url("**/papers/date/*?sort=added")
        assert page.locator("article.card", has_text="Fetched from the fake arXiv").count() == 1
        # Submitting it again is refused, with the reason and the id kept in the form.
        submit(page, live_server, "2511.99901")
        assert "already on today's list" in page.locator(".message.error").inner_text()
        assert page.input_value("#arxiv_id") == "2511.99901"
    finally:
        page.close()


def test_signed_out_submitting_is_refused(live_server: str, browser: Any, live_outbox: MemorySender) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(live_server + "/papers/submit")
        assert urlsplit(page.url).path == "/signin"
        sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + "/papers/submit")
        other_tab = context.new_page()
        other_tab.goto(live_server + "/")
        other_tab.click(".account-nav button:has-text('Sign out')")
        other_tab.wait_for_url(live_server + "/")
        page.fill("#arxiv_id", fixture_paper(12)["id"])
        with page.expect_response(lambda response: response.request.method == "POST") as posted:
            page.click("form.stacked button:has-text('Submit')")
        assert posted.value.status == 403
        page.goto(live_server + "/papers/date/" + datetime.now(UTC).date().isoformat())
        assert fixture_paper(12)["title"][:40] not in page.content()
    finally:
        context.close()


def test_a_curator_pins_and_removes_papers_of_a_past_day(live_server: str, browser: Any, live_db: Database) -> None:
    email = make_curator(live_db)
    day_url = live_server + "/papers/date/2025-06-13"
    page = browser.new_page()
    try:
        page.goto(live_server + "/signin")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        page.click("form.stacked button[type=submit]")
        page.wait_for_url(live_server + "/")

        page.goto(day_url)
        last = page.locator("ol.cards > li").last
        last_title = last.locator(".card-title a").inner_text()
        last.locator("button:has-text('Pin')").click()
        page.wait_for_url(day_url)
        first = page.locator("ol.cards > li").first
        assert first.locator(".card-title a").inner_text() == last_title
        assert first.locator(".pin").count() == 1 and first.locator("button:text-is('Unpin')").count() == 1

        second = page.locator("ol.cards > li").nth(1)
        removed_title = second.locator(".card-title a").inner_text()
        second.locator("input[name=reason]").fill("Not about vision")
        asked: list[str] = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
        second.locator("button:has-text('Remove')").click()
        page.wait_for_url(day_url)
        assert asked == ["Remove this paper from the list?"]
        assert page.locator(".card-title a", has_text=removed_title).count() == 0
        page.click("summary:has-text('Curation log')")
        assert "Not about vision" in page.locator(".curation-log").inner_text()

        # The tools fit a phone's screen, as the pages without them do.
        page.set_viewport_size({"width": 390, "height": 900})
        for path in ("/papers/date/2025-06-13", "/papers/submit"):
            page.goto(live_server + path)
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, path
    finally:
        page.close()
