"""A screenshot of an email's HTML part as Chromium draws it, to check how a template reads.

python scripts/email_screenshot.py MESSAGE.eml OUT.png [WIDTH]     # MESSAGE: a file from the outbox folder
"""

from __future__ import annotations

import email
import email.policy
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 640
    message = email.message_from_bytes(source.read_bytes(), policy=email.policy.default)
    part = message.get_body(("html",))  # type: ignore[attr-defined]
    if part is None:
        raise SystemExit(f"{source} has no HTML part")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.set_content(part.get_content())
        page.screenshot(path=str(target), full_page=True)
        browser.close()
    print(target)


if __name__ == "__main__":
    main()
