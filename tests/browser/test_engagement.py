"""Upvotes and comments in a real browser, with and without JavaScript, and what is refused once signed out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from dailypapers.email.senders import MemorySender
from tests.browser.test_sessions import sign_up

pytestmark = pytest.mark.browser
DAY = "/papers/date/2025-06-12"
PAPER = "/papers/2506.09350"


def first_card_button(page: Any) -> Any:
    return page.locator("article.card form.vote-form button").first


def count_of(button: Any) -> int:
    return int(button.locator(".count").inner_text())


def test_upvote_and_take_it_back_without_a_reload(live_server: str, browser: Any, live_outbox: MemorySender) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + DAY)
        button = first_card_button(page)
        before = count_of(button)
        navigations: list[str] = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url))
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        assert count_of(button) == before + 1 and navigations == []
        button.click()
        expect(button).to_have_attribute("aria-pressed", "false")
        assert count_of(button) == before and navigations == []
        page.reload()
        assert count_of(first_card_button(page)) == before
    finally:
        context.close()


def test_upvote_and_take_it_back_without_javascript(live_server: str, browser: Any, live_outbox: MemorySender) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + PAPER)
        button = page.locator(".paper-actions form.vote-form button")
        before = count_of(button)
        button.click()
        page.wait_for_url(f"{live_server}{PAPER}#paper-2506.09350")
        assert count_of(button) == before + 1 and button.get_attribute("aria-pressed") == "true"
        button.click()
        page.wait_for_load_state()
        assert count_of(page.locator(".paper-actions form.vote-form button")) == before
    finally:
        context.close()


def test_comment_reply_edit_and_delete(live_server: str, browser: Any, live_outbox: MemorySender) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + PAPER)
        page.fill("#new-comment textarea", "Does the *method* transfer to video?")
        page.click("#new-comment button[type=submit]")
        comment = page.locator("li.comment", has_text="Does the method transfer to video?").last
        assert comment.locator("em").inner_text() == "method"

        comment.locator("summary", has_text="Reply").click()
        comment.locator("form[id^=reply-] textarea").fill("Section 5 says it does.")
        comment.locator("form[id^=reply-] button[type=submit]").click()
        reply = page.locator("ol.replies li.comment", has_text="Section 5 says it does.").last
        assert reply.is_visible()

        comment = page.locator("li.comment", has_text="Does the method transfer to video?").last
        comment.locator("summary", has_text="Edit").first.click()
        comment.locator("form[id^=edit-] textarea").first.fill("Does the method transfer to audio?")
        comment.locator("form[id^=edit-] button[type=submit]").first.click()
        comment = page.locator("li.comment", has_text="transfer to audio?").last
        assert "edited" in comment.locator(".comment-meta").first.inner_text()

        # Deleting asks first: saying no keeps the comment, saying yes deletes it.
        page.once("dialog", lambda dialog: dialog.dismiss())
        comment.locator("button:has-text('Delete')").first.click()
        assert page.locator("li.comment", has_text="transfer to audio?").count() == 1
        page.once("dialog", lambda dialog: dialog.accept())
        comment.locator("button:has-text('Delete')").first.click()
        page.wait_for_load_state()
        assert page.locator("li.comment", has_text="transfer to audio?").count() == 0
        assert page.locator(".placeholder", has_text="[deleted]").count() >= 1
        assert page.locator("li.comment", has_text="Section 5 says it does.").count() >= 1
    finally:
        context.close()


def test_signed_out_there_is_nothing_to_vote_or_comment_with(live_server: str, browser: Any) -> None:
    page = browser.new_page()
    try:
        page.goto(live_server + PAPER)
        assert page.locator("form.vote-form").count() == 0 and page.locator("#new-comment").count() == 0
        page.click(".paper-actions a.votes")
        assert "/signin?next=" in page.url
        page.goto(live_server + PAPER)
        assert "Sign in to comment" in page.locator("#comments").inner_text()
    finally:
        page.close()


def test_a_vote_or_comment_sent_after_signing_out_is_refused(
    live_server: str, browser: Any, live_outbox: MemorySender
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + PAPER)
        before = count_of(page.locator(".paper-actions form.vote-form button"))
        other_tab = context.new_page()
        other_tab.goto(live_server + "/")
        other_tab.click(".account-nav button:has-text('Sign out')")
        other_tab.wait_for_url(live_server + "/")

        statuses: list[int] = []
        page.on("response", lambda response: statuses.append(response.status))
        page.fill("#new-comment textarea", "Written after signing out")
        page.click("#new-comment button[type=submit]")
        page.wait_for_load_state()
        assert statuses[0] == 403 and "CSRF check failed" in page.content()

        # The vote button of a page left open: the API refuses (401), the form it falls back to is refused (403).
        other_tab.close()
        page.go_back()
        page.wait_for_load_state()
        statuses.clear()
        page.click(".paper-actions form.vote-form button")
        page.wait_for_load_state()
        expect(page).to_have_title(re.compile("CSRF"))
        assert 401 in statuses and 403 in statuses

        page.goto(live_server + PAPER)
        assert "Written after signing out" not in page.content()
        assert int(page.locator(".paper-actions .votes .count").inner_text()) == before
    finally:
        context.close()
