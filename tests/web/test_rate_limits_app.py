"""Rate limits as clients meet them: the form again with a message, or a 429 problem with Retry-After."""

from collections.abc import Callable, Iterator

import pytest
from fastapi import Depends
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.email.senders import MemorySender
from dailypapers.services.container import Services
from dailypapers.settings import Settings
from dailypapers.web.app import create_app
from dailypapers.web.rate_limits import rate_limited
from tests.factories import PASSWORD, FakeClock, csrf_form


def test_too_many_sign_ins_re_render_the_form_with_retry_after(
    client: TestClient, settings: Settings, make_user: Callable[..., User], clock: FakeClock
) -> None:
    settings.rate_limit_signin = "3/minute"
    user = make_user()
    for _ in range(3):
        wrong = client.post("/signin", data=csrf_form(client, email=user.email, password="wrong guess"))
        assert wrong.status_code == 401
    clock.advance(seconds=15)
    page = client.post("/signin", data=csrf_form(client, email=user.email, password=PASSWORD))
    assert page.status_code == 429 and page.headers["retry-after"] == "45"
    assert "too many signin attempts; try again in 45 seconds" in page.text and "<form" in page.text
    clock.advance(seconds=45)
    assert client.post("/signin", data=csrf_form(client, email=user.email, password=PASSWORD)).status_code == 303


def test_sign_ups_and_reset_emails_are_limited(client: TestClient, settings: Settings, outbox: MemorySender) -> None:
    settings.rate_limit_signup = "1/hour"
    settings.rate_limit_password_reset = "1/hour"
    first = {"email": "a@example.org", "username": "a", "password": "analytical engine"}
    assert client.post("/signup", data=csrf_form(client, **first)).status_code == 303
    client.cookies.clear()
    second = {"email": "b@example.org", "username": "b", "password": "analytical engine"}
    page = client.post("/signup", data=csrf_form(client, **second))
    assert page.status_code == 429 and page.headers["retry-after"] == "3600" and 'value="b@example.org"' in page.text
    assert client.post("/password/forgot", data=csrf_form(client, email="a@example.org")).status_code == 200
    assert client.post("/password/forgot", data=csrf_form(client, email="a@example.org")).status_code == 429
    assert [message.subject.split()[0] for message in outbox.sent] == ["Confirm", "Reset"]  # sign-up, then reset


def test_an_api_route_answers_429_with_a_problem(client: TestClient, settings: Settings) -> None:
    settings.rate_limit_signup = "1/minute"
    client.app.post("/api/v1/probe", dependencies=[Depends(rate_limited("signup"))])(lambda: {})  # type: ignore[attr-defined]
    assert client.post("/api/v1/probe").status_code == 200
    response = client.post("/api/v1/probe")
    assert response.status_code == 429 and response.headers["retry-after"] == "60"
    body = response.json()
    assert body["status"] == 429 and body["type"] == "/problems/rate-limited" and "try again" in body["detail"]


def test_an_anonymous_write_is_a_401_and_spends_nothing_of_the_members_allowance(
    client: TestClient, settings: Settings, api_headers: Callable[..., dict[str, str]], make_paper: Callable[..., str]
) -> None:
    # Found by schemathesis: the limit was counted before the sign-in check, so anonymous attempts got 429s and
    # used up the address's claims before its member had made one.
    settings.rate_limit_claim = "2/hour"
    arxiv_id = make_paper()
    for _ in range(3):
        assert client.post("/api/v1/claims", json={"arxiv_id": arxiv_id, "author_position": 0}).status_code == 401
    claimed = client.post("/api/v1/claims", json={"arxiv_id": arxiv_id, "author_position": 0}, headers=api_headers())
    assert claimed.status_code == 201, claimed.text


@pytest.fixture
def proxied(db: Database, settings: Settings, clock: FakeClock) -> Iterator[Callable[[int], TestClient]]:
    """A client of an app behind `count` trusted proxies."""
    clients: list[TestClient] = []

    def make(count: int) -> TestClient:
        app_settings = settings.model_copy(update={"trusted_proxy_count": count, "rate_limit_signin": "2/minute"})
        services = Services(app_settings, serving=True, db=db, sender=MemorySender(), clock=clock)
        test_client = TestClient(create_app(app_settings, services=services))
        clients.append(test_client)
        return test_client

    yield make
    for test_client in clients:
        test_client.close()


def attempt_from(client: TestClient, address: str, email: str) -> int:
    form = csrf_form(client, email=email, password="wrong guess")
    return client.post("/signin", data=form, headers={"X-Forwarded-For": f"{address}"}).status_code


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted(proxied: Callable[[int], TestClient]) -> None:
    client = proxied(0)
    statuses = [attempt_from(client, f"10.0.0.{n}", f"user{n}@example.org") for n in range(3)]
    assert statuses == [401, 401, 429]  # one client, whatever address it claims


def test_behind_a_trusted_proxy_each_client_address_counts_apart(proxied: Callable[[int], TestClient]) -> None:
    client = proxied(1)
    statuses = [attempt_from(client, f"spoofed, 10.0.0.{n}", f"user{n}@example.org") for n in range(4)]
    assert statuses == [401, 401, 401, 401]
    # ... while one account, tried from many addresses, is still limited.
    statuses = [attempt_from(client, f"10.0.1.{n}", "victim@example.org") for n in range(3)]
    assert statuses == [401, 401, 429]


def test_confirmation_emails_sent_again_are_limited(
    client: TestClient, settings: Settings, outbox: MemorySender
) -> None:
    settings.rate_limit_email_confirm = "1/hour"
    client.post("/signup", data=csrf_form(client, email="a@example.org", username="a", password="analytical engine"))
    assert client.post("/account/confirm", data=csrf_form(client)).status_code == 303
    refused = client.post("/account/confirm", data=csrf_form(client))
    assert refused.status_code == 429 and "Send the link again" in refused.text
    assert len(outbox.sent) == 2  # the sign-up's, and one sent again
