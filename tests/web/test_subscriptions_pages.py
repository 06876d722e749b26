"""The subscription pages: the form on every page, confirming, settings by link or account, unsubscribing."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from dailypapers.db.engine import Database
from dailypapers.db.schema import subscriptions
from dailypapers.domain.subscriptions import Subscription
from dailypapers.domain.users import User
from dailypapers.email.senders import MemorySender
from dailypapers.services.email_links import EmailLinks
from dailypapers.settings import Settings
from tests.factories import FakeClock, csrf_form

BAND = "Get trending papers in your email inbox!"


def emailed_path(outbox: MemorySender, path: str) -> str:
    """The path and query of the link to `path` in the last email (its host is the site's base URL)."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path)}\?\S+)", outbox.sent[-1].text)
    assert match is not None, outbox.sent[-1].text
    return match.group(1)


def status_of(db: Database, email: str) -> str | None:
    with db.reading() as connection:
        found: str | None = connection.execute(
            select(subscriptions.c.status).where(subscriptions.c.email == email)
        ).scalar()
    return found


def manage_path(settings: Settings, subscription: Subscription, path: str) -> str:
    token = EmailLinks.from_settings(settings).manage_token(subscription_id=subscription.id, email=subscription.email)
    return f"{path}?token={token}"


@pytest.mark.parametrize("path", ["/", "/signin", "/papers/date/2025-06-12", "/users/nobody-here"])
def test_every_page_carries_the_subscribe_form(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert BAND in page.text and 'action="/subscribe"' in page.text and 'name="csrf_token"' in page.text


def test_subscribing_from_the_form_then_confirming_through_the_emailed_link(
    client: TestClient, db: Database, outbox: MemorySender
) -> None:
    page = client.post("/subscribe", data=csrf_form(client, email="ada@example.org"))
    assert page.status_code == 200 and "we sent a link to ada@example.org" in page.text
    assert status_of(db, "ada@example.org") == "pending"

    link = emailed_path(outbox, "/subscriptions/confirm")
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200 and "ada@example.org" in confirm_page.text
    assert status_of(db, "ada@example.org") == "pending"  # opening the link is not confirming: scanners open links
    token = link.split("token=")[1]
    done = client.post("/subscriptions/confirm", data=csrf_form(client, token=token))
    assert done.status_code == 303 and done.headers["location"].startswith("/subscriptions/settings?token=")
    assert status_of(db, "ada@example.org") == "active"
    settings_page = client.get(done.headers["location"])
    assert "Your subscription is confirmed" in settings_page.text
    assert settings_page.headers["referrer-policy"] == "no-referrer"


def test_an_expired_confirmation_link_says_so(client: TestClient, outbox: MemorySender, clock: FakeClock) -> None:
    client.post("/subscribe", data=csrf_form(client, email="ada@example.org"))
    link = emailed_path(outbox, "/subscriptions/confirm")
    clock.advance(hours=49)
    page = client.get(link)
    assert page.status_code == 400 and "This link does not work" in page.text
    refused = client.post("/subscriptions/confirm", data=csrf_form(client, token=link.split("token=")[1]))
    assert refused.status_code == 400


@pytest.mark.parametrize("email", ["", "ada", "ada@", "ada@example", "a b@example.org", "x" * 250 + "@example.org"])
def test_the_form_refuses_a_bad_address_with_a_message(client: TestClient, db: Database, email: str) -> None:
    page = client.post("/subscribe", data=csrf_form(client, email=email))
    assert page.status_code == 400 and "Enter an email address like name@example.org." in page.text
    with db.reading() as connection:
        assert connection.execute(select(subscriptions.c.id)).first() is None


def test_subscribing_is_rate_limited_per_address(client: TestClient, outbox: MemorySender) -> None:
    for number in range(5):  # DAILYPAPERS_RATE_LIMIT_SUBSCRIBE defaults to 5/hour
        assert client.post("/subscribe", data=csrf_form(client, email=f"r{number}@example.org")).status_code == 200
    page = client.post("/subscribe", data=csrf_form(client, email="ada@example.org"))
    assert page.status_code == 429 and "too many subscribe attempts" in page.text
    assert int(page.headers["retry-after"]) > 0 and len(outbox.sent) == 5


def test_settings_through_the_signed_link_from_a_digest(
    client: TestClient, db: Database, settings: Settings, make_subscription: Callable[..., Subscription]
) -> None:
    subscription = make_subscription(keywords=["diffusion"])
    path = manage_path(settings, subscription, "/subscriptions/settings")
    page = client.get(path)
    assert page.status_code == 200 and subscription.email in page.text and "diffusion" in page.text
    token = path.split("token=")[1]
    fields = {
        "token": token,
        "cadence": "weekly",
        "keywords": "lobsters",
        "categories": "q-bio.PE",
        "authors": "Ada Lovelace",
        "paused": "on",
    }
    saved = client.post("/subscriptions/settings", data=csrf_form(client, **fields))
    assert saved.status_code == 303
    page = client.get(saved.headers["location"])
    assert "Your settings are saved" in page.text and "Paused" in page.text and "Ada Lovelace" in page.text

    bad = client.post("/subscriptions/settings", data=csrf_form(client, **{**fields, "categories": "cs.CL, ???"}))
    assert bad.status_code == 400 and "is not an arXiv category" in bad.text and "lobsters" in bad.text
    forged = client.get("/subscriptions/settings?token=" + token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert forged.status_code == 400


def test_members_reach_the_settings_of_the_subscription_they_confirmed(
    client: TestClient,
    outbox: MemorySender,
    sign_in: Callable[..., User],
) -> None:
    member = sign_in(email="grace@example.org")
    assert "No digest subscription is tied to your account" in client.get("/subscriptions/settings").text
    client.post("/subscribe", data=csrf_form(client, email="grace@example.org"))
    token = emailed_path(outbox, "/subscriptions/confirm").split("token=")[1]
    client.post("/subscriptions/confirm", data=csrf_form(client, token=token))
    page = client.get("/subscriptions/settings")
    assert page.status_code == 200 and member.email in page.text and "Digests go to this address" in page.text


def test_the_settings_page_without_a_link_asks_a_visitor_to_sign_in(client: TestClient) -> None:
    page = client.get("/subscriptions/settings")
    assert page.status_code == 303 and page.headers["location"].startswith("/signin")


def test_one_click_unsubscribe_works_cross_site_without_cookies(
    client: TestClient, db: Database, settings: Settings, make_subscription: Callable[..., Subscription]
) -> None:
    subscription = make_subscription()
    client.cookies.clear()
    response = client.post(
        manage_path(settings, subscription, "/subscriptions/unsubscribe"),
        content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://mail.example.com"},
    )
    assert response.status_code == 200 and "You are unsubscribed" in response.text
    assert status_of(db, subscription.email) == "unsubscribed"


def test_the_visible_unsubscribe_link_asks_for_the_click(
    client: TestClient, db: Database, settings: Settings, make_subscription: Callable[..., Subscription]
) -> None:
    subscription = make_subscription()
    path = manage_path(settings, subscription, "/subscriptions/unsubscribe")
    page = client.get(path)
    assert page.status_code == 200 and f'action="{path}"' in page.text.replace("&amp;", "&")
    assert status_of(db, subscription.email) == "active"  # a GET (a mail scanner's) changes nothing
    assert "You are unsubscribed" in client.post(path).text
    assert status_of(db, subscription.email) == "unsubscribed"
    assert "Subscribe again" in client.get(path).text
