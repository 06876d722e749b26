"""Screenshots of a running site at desktop and phone widths, with Debian's Chromium.

python scripts/screenshots.py [BASE_URL] [OUT_DIR]     # defaults: http://127.0.0.1:8000 docs/screenshots
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

from dailypapers.domain import urls
from dailypapers.domain.periods import parse_period

PAGES = {
    "daily": urls.day_path(date(2025, 6, 12)),
    "week": urls.period_path(parse_period("week", "2025-W24")),
    "paper": urls.paper_path("2506.09350"),
    "trending": urls.trending_path(),
    "search": urls.search_path({"q": "video diffusion"}),
}
WIDTHS = {"desktop": 1280, "phone": 390}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path in PAGES.items():
            for device, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 1000 if width > 600 else 844})
                page.goto(urls.absolute(base, path))
                target = out / f"{name}-{device}.png"
                page.screenshot(path=str(target), full_page=False)
                print(target)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
