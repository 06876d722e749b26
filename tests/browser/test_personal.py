"""Follow an author and a category, save a search, and "not interested" with its undo, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from dailypapers.email.senders import MemorySender
from tests.browser.test_sessions import sign_up

pytestmark = pytest.mark.browser
DAY = "/papers/date/2025-06-12"
PAPER = "/papers/2205.03569"  # a fixture paper: by Bing Li and others, in cs.CV and cs.AI


def test_follow_an_author_and_a_category_then_unfollow_from_following(
    live_server: str, browser: Any, live_outbox: MemorySender
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + PAPER)
        page.locator("main a[href^='/authors/']").first.click()
        name = page.locator("h1").inner_text()
        page.get_by_role("button", name=f"Follow {name}").click()
        expect(page.get_by_role("button", name=f"Following ✓ {name}, select to unfollow")).to_be_visible()
        page.goto(live_server + PAPER)
        category = page.locator(".facts .tag.primary").inner_text()
        page.get_by_role("button", name=f"Follow {category}", exact=True).click()
        expect(page.get_by_role("button", name=f"Following ✓ {category}, select to unfollow")).to_be_visible()
        page.goto(live_server + "/following")
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(page.get_by_role("link", name=category, exact=True)).to_be_visible()
        page.get_by_role("button", name=f"Following ✓ {name}, select to unfollow").click()
        page.wait_for_url(live_server + "/following")
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
    finally:
        context.close()


def test_save_a_search_and_rerun_it(live_server: str, browser: Any, live_outbox: MemorySender) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + "/papers?q=diffusion&mode=keyword&sort=newest&category=cs.CV")
        page.get_by_role("button", name="Save this search").click()
        expect(page.get_by_role("status")).to_contain_text("Search saved")
        page.goto(live_server + "/following")
        page.locator("#saved-searches").get_by_role("link", name="diffusion").click()
        page.wait_for_url("**/papers?q=diffusion&mode=keyword&sort=newest&category=cs.CV")
        expect(page.locator("form.search-form select[name=mode]")).to_have_value("keyword")
        expect(page.locator("form.search-form input[name=category]")).to_have_value("cs.CV")
        expect(page.locator("form.search-form select[name=sort]")).to_have_value("newest")
    finally:
        context.close()


def test_not_interested_hides_the_card_and_undo_brings_it_back(
    live_server: str, browser: Any, live_outbox: MemorySender
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + DAY)
        card = page.locator("article.card").first
        arxiv_id = card.get_attribute("data-arxiv-id")
        navigations: list[str] = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url))
        card.get_by_role("button", name=f"Not interested in {arxiv_id}").click()
        expect(card).to_be_hidden()
        undo = page.get_by_role("button", name="Undo")
        expect(undo).to_be_focused()
        page.reload()  # the daily list still shows it, marked, with its undo
        card = page.locator(f'article.card[data-arxiv-id="{arxiv_id}"]')
        expect(card.get_by_role("button", name=f"Not interested ✓ · Undo in {arxiv_id}")).to_be_visible()
        page.get_by_role("button", name=f"Not interested ✓ · Undo in {arxiv_id}").click()  # no script: the form
        expect(card.get_by_role("button", name=f"Not interested in {arxiv_id}")).to_be_visible()
        card.get_by_role("button", name=f"Not interested in {arxiv_id}").click()
        expect(card).to_be_hidden()
        page.get_by_role("button", name="Undo").click()
        expect(card).to_be_visible()
        page.reload()
        expect(
            page.locator(f'article.card[data-arxiv-id="{arxiv_id}"]').get_by_role(
                "button", name=f"Not interested in {arxiv_id}"
            )
        ).to_be_visible()
    finally:
        context.close()


def test_not_interested_works_without_javascript(live_server: str, browser: Any, live_outbox: MemorySender) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + DAY)
        card = page.locator("article.card").first
        arxiv_id = card.get_attribute("data-arxiv-id")
        card.get_by_role("button", name=f"Not interested in {arxiv_id}").click()
        page.wait_for_url(f"{live_server}{DAY}#paper-{arxiv_id}")
        undo = page.locator(f'article.card[data-arxiv-id="{arxiv_id}"]').get_by_role(
            "button", name=f"Not interested ✓ · Undo in {arxiv_id}"
        )
        undo.click()
        page.wait_for_url(f"{live_server}{DAY}#paper-{arxiv_id}")
        expect(
            page.locator(f'article.card[data-arxiv-id="{arxiv_id}"]').get_by_role(
                "button", name=f"Not interested in {arxiv_id}"
            )
        ).to_be_visible()
    finally:
        context.close()
