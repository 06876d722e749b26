"""Email digests in a real browser: subscribe from the front page, confirm through the emailed link, change the
settings, unsubscribe; and the digest's HTML as Chromium draws it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.subscriptions import Subscription
from dailypapers.email.senders import MemorySender
from dailypapers.services.digests import DigestOptions, run_digests
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.mail import Mailer
from dailypapers.settings import Settings

pytestmark = pytest.mark.browser


def test_subscribe_confirm_change_settings_and_unsubscribe(
    live_server: str, browser: Any, live_outbox: MemorySender
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(live_server + "/")
        page.fill("#subscribe-band-email", "browser-reader@example.org")
        page.click(".subscribe-band button:has-text('Subscribe')")
        assert "we sent a link to browser-reader@example.org" in page.locator(".message.notice").inner_text()

        message = next(sent for sent in reversed(live_outbox.sent) if sent.to == "browser-reader@example.org")
        link = re.search(r"https?://[^/\s]+(/subscriptions/confirm\?\S+)", message.text)
        assert link is not None
        page.goto(live_server + link.group(1))
        page.click("button:has-text('Yes, confirm')")
        assert "Your subscription is confirmed" in page.locator(".message.notice").inner_text()

        page.check("input[name=cadence][value=weekly]")
        page.fill("#keywords", "diffusion models\nagents")
        page.fill("#categories", "cs.CL, c++")
        page.click("button:has-text('Save')")
        assert "is not an arXiv category" in page.locator(".field.invalid .error").inner_text()
        assert page.input_value("#keywords") == "diffusion models\nagents"  # what was typed stays
        page.fill("#categories", "cs.CL")
        page.click("button:has-text('Save')")
        assert "Your settings are saved" in page.locator(".message.notice").inner_text()
        assert "every Monday" in page.locator("main").inner_text()
        assert page.is_checked("input[name=cadence][value=weekly]")

        page.click("button:has-text('Unsubscribe browser-reader@example.org')")
        assert page.locator("h1").inner_text() == "You are unsubscribed"
    finally:
        page.close()


@pytest.mark.parametrize("width", [390, 640])
def test_the_digest_html_reads_on_phones_and_desktops_and_fetches_nothing(
    browser: Any,
    db: Database,
    settings: Settings,
    make_paper: Callable[..., str],
    make_subscription: Callable[..., Subscription],
    width: int,
) -> None:
    for number in range(12):
        make_paper(day=date(2025, 6, 11), upvotes=40 - number)
    make_subscription(keywords=["model"])
    outbox = MemorySender()
    mailer = Mailer(sender=outbox, site_name="Papers", base_url=settings.base_url)
    run_digests(
        db,
        mailer,
        DigestOptions.from_settings(settings, links=EmailLinks.from_settings(settings)),
        send_date=date(2025, 6, 12),
    )
    (digest,) = outbox.sent
    assert digest.html is not None

    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.set_content(digest.html)
        assert requests == []  # no remote image, font or stylesheet
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        titles = page.locator(f"h3 a[href^='{settings.base_url}/papers/']")
        assert titles.count() >= 10  # the ten trending papers, then any "for you"
        assert all(titles.nth(n).bounding_box()["width"] > 100 for n in range(3))  # not squeezed into a sliver
        assert page.locator("text=Unsubscribe").is_visible()
    finally:
        page.close()
