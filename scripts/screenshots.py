"""Screenshots of a running site at desktop and phone widths, in light and dark, with Debian's Chromium.

python scripts/screenshots.py [BASE_URL] [OUT_DIR]     # defaults: http://127.0.0.1:8000 docs/screenshots

Against `dailypapers demo`, the `-signed-in` pages are taken signed in as the demo's admin (its header's widest case).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, sync_playwright

from dailypapers.domain import urls
from dailypapers.domain.demo import DEMO_EMAIL, DEMO_PASSWORD
from dailypapers.domain.periods import parse_period

PAGES = {
    "daily": urls.day_path(date(2025, 6, 12)),
    "week": urls.period_path(parse_period("week", "2025-W24")),
    "paper": urls.paper_path("2506.09350"),
    "trending": urls.trending_path(),
    "search": urls.search_path({"q": "video diffusion"}),
    "search-typo": urls.search_path({"q": "difusion vidoe genration"}),
    "month": urls.period_path(parse_period("month", "2025-06")),
    "related": urls.related_path(),
    "author": urls.author_path("Shanchuan Lin"),
    "signin": urls.signin_path(),
    "signup": urls.signup_path(),
    "subscribe": urls.subscribe_path(),
    "category": urls.category_path("cs.CV"),
    "not-indexed": urls.paper_path("2612.00001"),
    "collection": urls.collection_path("demo", "video-generation-reading-group"),
}
SIGNED_IN_PAGES = {
    "daily-signed-in": urls.day_path(date(2025, 6, 12)),
    "submit": urls.submit_path(),
    "account": urls.account_path(),
    "profile": urls.user_path("demo"),
    "admin-claims": urls.admin_claims_path(),
    "admin-outbox": urls.admin_outbox_path(),
    "for-you": urls.for_you_path(),
    "collections": urls.member_collections_path("demo"),
    "collection-signed-in": urls.collection_path("demo", "video-generation-reading-group"),
    "following": urls.following_path(),
    "save": urls.paper_save_path("2506.09350"),
}
WIDTHS = {"desktop": 1280, "phone": 390}
THEMES = {"": "light", "-dark": "dark"}  # file name suffix: the colour scheme the browser asks for
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for suffix, scheme in THEMES.items():
            context = browser.new_context(color_scheme=scheme)
            take(context, base, out, PAGES, suffix)
            context.close()
            signed_in = signed_in_context(browser, base, scheme)
            if signed_in is not None:
                take(signed_in, base, out, SIGNED_IN_PAGES, suffix)
                signed_in.close()
        browser.close()


def take(context: BrowserContext, base: str, out: Path, pages: dict[str, str], suffix: str) -> None:
    for name, path in pages.items():
        for device, width in WIDTHS.items():
            page = context.new_page()
            page.set_viewport_size({"width": width, "height": 1000 if width > 600 else 844})
            page.goto(urls.absolute(base, path))
            target = out / f"{name}-{device}{suffix}.png"
            page.screenshot(path=str(target), full_page=False)
            print(target)
            page.close()


def signed_in_context(browser: Browser, base: str, scheme: str) -> BrowserContext | None:
    """A context signed in as the demo's admin; None (and those pages skipped) on a site that is not a demo."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(urls.absolute(base, urls.signin_path()))
    page.fill("#email", DEMO_EMAIL)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    signed_in = page.locator(".account-nav .me").count() == 1
    page.close()
    if not signed_in:
        print("not a demo site: no signed-in screenshots", file=sys.stderr)
        context.close()
        return None
    return context


if __name__ == "__main__":
    main()
