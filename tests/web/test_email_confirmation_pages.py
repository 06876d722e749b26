"""A new member confirms their address by email before they post or vote; reading and subscribing need nothing."""

from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from dailypapers.email.senders import MemorySender
from tests.factories import NOW, FakeClock, csrf_form, csrf_headers

SIGN_UP = {"email": "ada@example.org", "username": "ada", "password": "analytical engine"}


def confirm_link(outbox: MemorySender) -> str:
    message = outbox.sent[-1]
    assert message.to == "ada@example.org" and "Confirm your email address" in message.subject
    link = next(line.strip() for line in message.text.splitlines() if "/account/confirm?token=" in line)
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def test_a_new_member_reads_but_cannot_post_or_vote_until_they_confirm(
    client: TestClient, outbox: MemorySender, make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12), published_at=NOW - timedelta(days=1))
    assert client.post("/signup", data=csrf_form(client, **SIGN_UP)).status_code == 303
    link = confirm_link(outbox)
    page = client.get(f"/papers/{arxiv_id}")
    assert page.status_code == 200 and "Confirm your email address to vote" in page.text
    headers = csrf_headers(client)
    refusals = [
        client.put(f"/api/v1/papers/{arxiv_id}/vote", headers=headers),
        client.post(f"/api/v1/papers/{arxiv_id}/comments", json={"body": "hello"}, headers=headers),
        client.post("/api/v1/submissions", json={"arxiv_id": arxiv_id}, headers=headers),
        client.post("/api/v1/claims", json={"arxiv_id": arxiv_id, "author_name": "x"}, headers=headers),
    ]
    for response in refusals:
        assert response.status_code == 403, response.text
        assert response.json()["type"] == "/problems/email-unconfirmed"
        assert "ada@example.org" in response.json()["detail"]
    refused_page = client.post(f"/papers/{arxiv_id}/comments", data=csrf_form(client, body="hello"))
    assert refused_page.status_code == 403 and "confirm your email address first" in refused_page.text
    assert client.get("/subscribe").status_code == 200

    confirmed = client.get(link)
    assert confirmed.status_code == 303 and confirmed.headers["location"] == "/account?done=email-confirmed"
    assert "Your email address is confirmed" in client.get(confirmed.headers["location"]).text
    assert client.put(f"/api/v1/papers/{arxiv_id}/vote", headers=csrf_headers(client)).status_code == 200
    assert "Confirm your email address to vote" not in client.get(f"/papers/{arxiv_id}").text
    assert client.get(link).status_code == 303  # following it twice is harmless


def test_a_forged_or_expired_link_is_refused_and_a_new_one_can_be_sent(
    client: TestClient, outbox: MemorySender, clock: FakeClock
) -> None:
    client.post("/signup", data=csrf_form(client, **SIGN_UP))
    link = confirm_link(outbox)
    forged = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    assert client.get(forged).status_code == 400
    clock.advance(days=8)
    expired = client.get(link)
    assert expired.status_code == 400 and "Send a new link" in expired.text
    assert "/problems" not in expired.text
    resent = client.post("/account/confirm", data=csrf_form(client))
    assert resent.status_code == 303 and resent.headers["location"] == "/account?done=confirmation-sent"
    fresh = confirm_link(outbox)
    assert fresh != link and client.get(fresh).status_code == 303
    assert client.get("/account").text.count("Send the link again") == 0


def test_the_link_opened_in_another_browser_confirms_and_asks_to_sign_in(
    client: TestClient, outbox: MemorySender, sign_in: Callable[..., User]
) -> None:
    client.post("/signup", data=csrf_form(client, **SIGN_UP))
    link = confirm_link(outbox)
    signed_out = TestClient(client.app, follow_redirects=False)
    response = signed_out.get(link)  # another browser: confirms, then asks to sign in
    assert response.status_code == 303 and response.headers["location"].startswith("/signin?next=")
    assert "Confirm your email address to vote" not in client.get("/").text


def test_members_made_by_an_operator_or_before_confirmation_existed_may_post(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12))
    sign_in()
    assert client.put(f"/api/v1/papers/{arxiv_id}/vote", headers=csrf_headers(client)).status_code == 200
