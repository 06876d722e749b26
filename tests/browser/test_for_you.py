"""For you in a real browser: the header's link, the empty state that says how to start, the filter, and cards
with their reasons that fit a phone's screen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import follows, users
from dailypapers.email.senders import MemorySender
from tests.browser.test_sessions import sign_up

pytestmark = pytest.mark.browser
AUTHOR, AUTHOR_KEY = "Shanchuan Lin", "shanchuan-lin"  # an author on the shipped list of 2025-06-12


def test_a_member_starts_from_the_empty_state_and_sees_why_each_paper_is_there(
    live_server: str, browser: Any, live_outbox: MemorySender, live_db: Database
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        username = sign_up(page, live_server, confirm_with=live_outbox)
        page.click(".site-nav >> text=For you")
        page.wait_for_url(live_server + "/for-you")
        assert "Nothing to go on yet" in page.locator(".empty").inner_text()
        with live_db.transaction() as connection:
            user_id = connection.execute(select(users.c.id).where(users.c.username == username)).scalar_one()
            connection.execute(
                insert(follows).values(
                    user_id=user_id, kind="author", target=AUTHOR_KEY, label=AUTHOR, created_at=datetime.now(UTC)
                )
            )
        page.fill("input[name=from]", "2025-06-01")
        page.fill("input[name=to]", "2025-06-30")
        page.click("button:has-text('Show')")
        page.wait_for_url(f"{live_server}/for-you?daily_only=true&from=2025-06-01&to=2025-06-30")
        reasons = page.locator("article.card .reason")
        assert reasons.count() >= 1 and set(reasons.all_inner_texts()) == {f"Follows: {AUTHOR}"}
        assert page.locator("article.card .card-title a[href='/papers/2506.09350']").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.select_option("select[name=daily_only]", "false")
        page.fill("input[name=from]", "2025-07-01")
        page.fill("input[name=to]", "2025-06-01")
        page.click("button:has-text('Show')")
        assert "is after" in page.locator(".search-notice").inner_text()
    finally:
        context.close()
