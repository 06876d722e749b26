"""Every kind of page passes axe-core's WCAG 2 A/AA and best-practice rules, at desktop and phone widths, in light
and dark."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dailypapers.domain import urls
from dailypapers.domain.periods import parse_period

pytestmark = pytest.mark.browser
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Light at both widths; dark (colours only, so one width) too.
VIEWS = (("light", 1280), ("light", 390), ("dark", 1280))

PUBLIC_PAGES = {
    "front": urls.home_path(),
    "day": "/papers/date/2025-06-12",
    "week": urls.period_path(parse_period("week", "2025-W24")),
    "month": urls.period_path(parse_period("month", "2025-06")),
    "paper": urls.paper_path("2506.09350"),
    "trending": urls.trending_path(),
    "search": urls.search_path({"q": "video diffusion"}),
    "related": urls.related_path(),
    "author": "/authors/shanchuan-lin",
    "category": urls.category_path("cs.CV"),
    "signin": urls.signin_path(),
    "signup": urls.signup_path(),
    "subscribe": urls.subscribe_path(),
}
SIGNED_IN_PAGES = {
    "paper-signed-in": urls.paper_path("2506.09350"),
    "day-curator": "/papers/date/2025-06-12",
    "account": urls.account_path(),
    "following": urls.following_path(),
    "search-signed-in": urls.search_path({"q": "video diffusion"}),
    "submit": urls.submit_path(),
    "admin-claims": urls.admin_claims_path(),
    "admin-outbox": urls.admin_outbox_path(),
}


def violations_of(page: Any, url: str) -> list[str]:
    """axe's violations on `url` in each view, one line per rule and view, naming the first elements."""
    found: list[str] = []
    # A script or style the Content-Security-Policy blocked is a page that does not work as written.
    page.on(
        "console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None
    )
    for scheme, width in VIEWS:
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response is not None and response.ok, url
        page.evaluate(AXE)  # over the DevTools protocol: the page's CSP does not apply to it
        result = page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']})", RULES
        )
        for violation in result["violations"]:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
            found.append(f"{scheme} {width}px {violation['id']}: {violation['help']} at {targets} ({summary[:300]})")
    return found


def assert_accessible(page: Any, url: str) -> None:
    if problems := violations_of(page, url):
        pytest.fail(f"{url}: {len(problems)} accessibility violations\n" + "\n".join(problems), pytrace=False)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_have_no_accessibility_violations(live_server: str, browser: Any, name: str) -> None:
    page = browser.new_page()
    try:
        assert_accessible(page, live_server + PUBLIC_PAGES[name])
    finally:
        page.close()


@pytest.mark.parametrize("name", [*SIGNED_IN_PAGES, "profile"])
def test_signed_in_pages_have_no_accessibility_violations(
    live_server: str, admin_context: tuple[Any, str], name: str
) -> None:
    context, username = admin_context
    path = urls.user_path(username) if name == "profile" else SIGNED_IN_PAGES[name]
    page = context.new_page()
    try:
        assert_accessible(page, live_server + path)
    finally:
        page.close()


def test_the_first_tab_offers_a_skip_to_the_content(live_server: str, browser: Any) -> None:
    page = browser.new_page()
    try:
        page.goto(live_server + PUBLIC_PAGES["day"])
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        assert page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#content" and page.locator("main#content").count() == 1
    finally:
        page.close()


def test_vote_buttons_and_comment_links_say_what_they_are(live_server: str, admin_context: tuple[Any, str]) -> None:
    context, _ = admin_context
    page = context.new_page()
    try:
        page.goto(live_server + PUBLIC_PAGES["day"])
        cards = page.locator("article.card").count()
        assert page.get_by_role("button", name=re.compile(r"^Upvote, \d+(\.\d)?k? upvotes?$")).count() == cards
        assert page.get_by_role("link", name=re.compile(r"^\d+ comments?$")).count() == cards
    finally:
        page.close()
