"""The pages read well on a desktop and on a phone: nothing wider than the screen, the cards all there."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(390, id="phone")]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/papers/week/2025-W24",
        "/papers/2506.09350",
        "/papers/date/2025-06-14",
        "/papers/trending",
        "/signup",
        "/signin",
        "/papers?q=video+diffusion",
        "/related",
        "/authors/shanchuan-lin",
        "/categories/cs.CV",
        "/subscribe",
    ],
)
def test_pages_fit_the_screen(live_server: str, browser: Any, width: int, path: str) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        response = page.goto(live_server + path)
        assert response is not None and response.ok
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"
    finally:
        page.close()


def test_daily_page_shows_cards_with_votes_and_code_links(live_server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(live_server + "/papers/date/2025-06-12")
        cards = page.locator("article.card")
        assert cards.count() >= 5
        counts = [int(text) for text in page.locator("article.card .votes .count").all_inner_texts() if text.isdigit()]
        assert counts == sorted(counts, reverse=True)
        assert page.locator("article.card a.chip.code").count() >= 1
    finally:
        page.close()


def test_date_picker_and_previous_link_navigate(live_server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(live_server + "/papers/date/2025-06-12")
        page.fill("#picker-date", "2025-06-10")
        page.click(".picker button")
        page.wait_for_url("**/papers/date/2025-06-10")
        page.click("a[rel=prev]")
        page.wait_for_url("**/papers/date/2025-06-09")
        assert page.locator("article.card").count() >= 1
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_styles_after_the_phone_rules_apply_at_every_width(live_server: str, browser: Any, width: int) -> None:
    """Rules after an `@media (max-width: 600px)` block hold on desktops too (an unclosed block once hid them)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(live_server + "/")
        band = page.locator(".subscribe-band")
        assert band.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
        assert page.locator(".subscribe-form").evaluate("e => getComputedStyle(e).display") == "flex"
        row = page.locator(".subscribe-row input")
        assert row.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    finally:
        page.close()


def test_the_api_docs_render_with_no_way_out_of_the_site(live_server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def only_this_site(route: Any) -> None:
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    try:
        page.route("**/*", only_this_site)
        page.goto(live_server + "/docs")
        page.wait_for_selector(".opblock", timeout=15000)
        assert page.locator(".opblock").count() >= 10 and outside == []
    finally:
        page.close()
