"""Collections in a real browser: Save from a card in a popover (and as a plain form without JavaScript), and a
BibTeX import with its report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from dailypapers.email.senders import MemorySender
from tests.browser.test_sessions import sign_up

pytestmark = pytest.mark.browser
DAY = "/papers/date/2025-06-12"
BIBTEX = Path(__file__).resolve().parent.parent / "fixtures" / "bibtex"


def test_save_a_card_to_a_new_collection_in_the_popover(
    live_server: str, browser: Any, live_outbox: MemorySender
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        username = sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + DAY)
        save = page.locator("article.card a.save-link").first
        title = page.locator("article.card .card-title a").first.inner_text()
        navigations: list[str] = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url))
        save.click()
        popover = page.locator(".save-popover")
        expect(popover).to_be_visible()
        popover.locator("input[name=new_title]").fill("Read this week")
        popover.locator("button:has-text('Save')").click()
        expect(save).to_have_text("Saved")
        expect(popover).to_have_count(0)
        assert navigations == []
        # Opened again, the popover ticks the new collection; unticking takes the paper out.
        save.click()
        box = page.locator(".save-popover input[name=collection]")
        expect(box).to_be_checked()
        page.keyboard.press("Escape")
        expect(page.locator(".save-popover")).to_have_count(0)
        page.goto(f"{live_server}/collections/{username}/read-this-week")
        expect(page.locator(".collection-items .card-title a")).to_have_text([title])
    finally:
        context.close()


def test_save_works_as_a_page_without_javascript(live_server: str, browser: Any, live_outbox: MemorySender) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        username = sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(live_server + DAY)
        page.locator("article.card a.save-link").nth(1).click()
        page.wait_for_url(re.compile(r"/papers/[^/]+/save\?next="))
        page.fill("#new_title", "Plain forms")
        page.click("form.save-form button:has-text('Save')")
        page.wait_for_url(live_server + DAY)
        page.goto(f"{live_server}/collections/{username}")
        expect(page.locator(".collection-list li")).to_contain_text(["Plain forms · 1 paper"])
    finally:
        context.close()


def test_import_a_google_scholar_export_and_read_the_report(
    live_server: str, browser: Any, live_outbox: MemorySender
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        username = sign_up(page, live_server, confirm_with=live_outbox)
        page.goto(f"{live_server}/collections/{username}")
        page.fill("#title", "From Scholar")
        page.click("button:has-text('Create')")
        page.wait_for_url(f"{live_server}/collections/{username}/from-scholar")
        page.set_input_files("#file", str(BIBTEX / "google_scholar.bib"))
        page.click("#import button:has-text('Import')")
        report = page.locator(".import-report")
        expect(report.locator("h2")).to_have_text("Import: 2 papers added")
        expect(report).to_contain_text("by title")
        expect(report).to_contain_text("line 14, goodfellow2016deep: Deep learning: no paper indexed here")
        expect(page.locator(".collection-items li")).to_have_count(2)
        page.set_input_files("#file", str(BIBTEX / "google_scholar.bib"))
        page.click("#import button:has-text('Import')")
        expect(page.locator(".import-report h2")).to_have_text("Import: 0 papers added")
        expect(page.locator(".collection-items li")).to_have_count(2)
    finally:
        context.close()
