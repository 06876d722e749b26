"""`/api/v1/subscriptions` and a member's `/api/v1/subscription`: the same rules as the pages, as problems."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.email.senders import MemorySender
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.mail import Mailer
from dailypapers.services.subscriptions import confirm_subscription, subscribe
from dailypapers.settings import Settings
from tests.factories import FakeClock, csrf_headers
from tests.web.test_subscriptions_pages import emailed_path, status_of


def test_an_anonymous_client_subscribes_an_address(client: TestClient, db: Database, outbox: MemorySender) -> None:
    response = client.post("/api/v1/subscriptions", json={"email": "Ada@Example.org", "cadence": "weekly"})
    assert response.status_code == 202
    assert response.json() == {
        "email": "ada@example.org",
        "status": "confirmation_sent",
        "detail": "unless the address receives digests already, a confirmation link is on its way to it",
    }
    assert status_of(db, "ada@example.org") == "pending" and outbox.sent[-1].to == "ada@example.org"


def test_bad_input_is_a_422_problem_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/subscriptions", json={"email": "nope"})
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == {"email": "Enter an email address like name@example.org."}
    assert client.post("/api/v1/subscriptions", json={"email": "a@b.org", "cadence": "hourly"}).status_code == 422
    assert client.post("/api/v1/subscriptions", content="{").status_code == 422


def test_the_api_shares_the_subscribe_rate_limit(client: TestClient) -> None:
    for _ in range(5):
        assert client.post("/api/v1/subscriptions", json={"email": "ada@example.org"}).status_code == 202
    response = client.post("/api/v1/subscriptions", json={"email": "ada@example.org"})
    assert response.status_code == 429 and response.json()["type"] == "/problems/rate-limited"


def test_a_session_cookie_needs_the_csrf_header(client: TestClient, sign_in: Callable[..., User]) -> None:
    sign_in()
    assert client.post("/api/v1/subscriptions", json={"email": "ada@example.org"}).status_code == 403
    ok = client.post("/api/v1/subscriptions", json={"email": "ada@example.org"}, headers=csrf_headers(client))
    assert ok.status_code == 202


def test_a_member_reads_changes_and_ends_their_own_subscription(
    client: TestClient,
    db: Database,
    settings: Settings,
    outbox: MemorySender,
    clock: FakeClock,
    sign_in: Callable[..., User],
) -> None:
    member = sign_in(email="grace@example.org")
    headers = csrf_headers(client)
    assert client.get("/api/v1/subscription").status_code == 404
    links = EmailLinks.from_settings(settings)

    subscribe(
        db,
        Mailer(sender=outbox, site_name="P", base_url="http://x"),
        links,
        email=member.email,
        cadence="daily",
        now=clock.now,
    )
    token = emailed_path(outbox, "/subscriptions/confirm").split("token=")[1]
    confirm_subscription(db, links, token=token, now=clock.now, user=member)

    assert client.get("/api/v1/subscription").json()["status"] == "active"
    changed = client.patch("/api/v1/subscription", json={"keywords": ["graph neural networks"]}, headers=headers)
    assert changed.status_code == 200 and changed.json()["keywords"] == ["graph neural networks"]
    assert changed.json()["cadence"] == "daily"  # left out: unchanged
    refused = client.patch("/api/v1/subscription", json={"categories": ["???"]}, headers=headers)
    assert refused.status_code == 422 and "categories" in refused.json()["errors"]
    assert client.delete("/api/v1/subscription", headers=headers).status_code == 204
    assert status_of(db, member.email) == "unsubscribed"
