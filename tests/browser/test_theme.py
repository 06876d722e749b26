"""Dark mode: the system's choice by default, the header's toggle remembered across pages, nothing shown without JS."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
DAY = "/papers/date/2025-06-12"


def background(page: Any) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def test_the_page_follows_the_system_and_the_toggle_overrides_it_for_good(live_server: str, browser: Any) -> None:
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(live_server + DAY)
        dark = background(page)
        toggle = page.locator("button.theme-toggle")
        expect(toggle).to_have_attribute("aria-pressed", "true")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "false")
        assert page.evaluate("document.documentElement.dataset.theme") == "light" and background(page) != dark
        page.goto(live_server + "/papers/trending")  # remembered, and set before the first paint
        assert page.evaluate("document.documentElement.dataset.theme") == "light" and background(page) != dark
        toggle.click()
        assert background(page) == dark
    finally:
        context.close()


def test_without_javascript_there_is_no_toggle_and_the_system_decides(live_server: str, browser: Any) -> None:
    context = browser.new_context(color_scheme="dark", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server + DAY)
        assert not page.locator("button.theme-toggle").is_visible()
        assert background(page) == "rgb(13, 17, 23)"
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_signed_in_header_is_one_row_on_a_desktop_and_three_on_a_phone(
    live_server: str, admin_context: tuple[Any, str], width: int
) -> None:
    context, _ = admin_context
    page = context.new_page()
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server + DAY)
        tops = page.evaluate(
            "[...document.querySelectorAll('.brand, .site-search, .site-nav, .account-nav')]"
            ".map(e => Math.round(e.getBoundingClientRect().top))"
        )
        height = page.evaluate("document.querySelector('.header-row').getBoundingClientRect().height")
        rows = 1 + sum(1 for above, below in itertools.pairwise(sorted(tops)) if below - above > 20)
        assert (rows, height <= 140) == ((1, True) if width > 600 else (3, True)), (tops, height)
    finally:
        page.close()
