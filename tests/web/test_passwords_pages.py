"""Forgotten and changed passwords through the pages: the emailed link works once, expires, and ends sessions."""

from collections.abc import Callable
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from dailypapers.email.senders import MemorySender
from dailypapers.web.cookies import SESSION_COOKIE
from tests.factories import PASSWORD, FakeClock, csrf_form, set_session_cookie


def emailed_link(outbox: MemorySender) -> str:
    """The reset link of the last email, as a path on the test site."""
    line = next(line for line in outbox.sent[-1].text.splitlines() if "/password/reset?token=" in line)
    parts = urlsplit(line.strip())
    return f"{parts.path}?{parts.query}"


def test_a_reset_link_sets_a_new_password_once(
    client: TestClient, make_user: Callable[..., User], outbox: MemorySender
) -> None:
    user = make_user()
    page = client.post("/password/forgot", data=csrf_form(client, email=user.email))
    assert page.status_code == 200 and "a link to choose a new password is on its way" in page.text
    link = emailed_link(outbox)
    form = client.get(link)
    assert form.status_code == 200 and user.username in form.text
    assert form.headers["referrer-policy"] == "no-referrer" and form.headers["cache-control"] == "no-store"
    token = link.split("token=", 1)[1]
    response = client.post("/password/reset", data=csrf_form(client, token=token, password="a brand new secret"))
    assert response.status_code == 303 and response.headers["location"] == "/account?done=password-set"
    assert "Your password is set" in client.get("/account?done=password-set").text
    # Used once: neither the page nor the form accept it again.
    assert client.get(link).status_code == 400
    again = client.post("/password/reset", data=csrf_form(client, token=token, password="another new secret"))
    assert again.status_code == 400 and "does not work any more" in again.text
    client.cookies.clear()
    signed_in = client.post("/signin", data=csrf_form(client, email=user.email, password="a brand new secret"))
    assert signed_in.status_code == 303


def test_a_reset_link_expires(
    client: TestClient, make_user: Callable[..., User], outbox: MemorySender, clock: FakeClock
) -> None:
    user = make_user()
    client.post("/password/forgot", data=csrf_form(client, email=user.email))
    link = emailed_link(outbox)
    clock.advance(minutes=61)  # the default lifetime is 60 minutes
    page = client.get(link)
    assert page.status_code == 400 and 'href="/password/forgot"' in page.text


def test_a_weak_new_password_keeps_the_form_and_the_link(
    client: TestClient, make_user: Callable[..., User], outbox: MemorySender
) -> None:
    user = make_user()
    client.post("/password/forgot", data=csrf_form(client, email=user.email))
    token = emailed_link(outbox).split("token=", 1)[1]
    page = client.post("/password/reset", data=csrf_form(client, token=token, password="short"))
    assert page.status_code == 400 and "at least 8 characters" in page.text and token in page.text
    assert client.get(emailed_link(outbox)).status_code == 200


def test_an_unknown_address_reads_the_same_and_gets_nothing(client: TestClient, outbox: MemorySender) -> None:
    page = client.post("/password/forgot", data=csrf_form(client, email="nobody@example.org"))
    assert page.status_code == 200 and "a link to choose a new password is on its way" in page.text
    assert outbox.sent == []


def test_a_made_up_link_is_refused(client: TestClient) -> None:
    assert client.get("/password/reset?token=made-up").status_code == 400
    assert client.get("/password/reset").status_code == 400


def test_changing_the_password_signs_out_every_other_session(
    client: TestClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    client.post("/signin", data=csrf_form(client, email=user.email, password=PASSWORD))
    other_device = client.cookies[SESSION_COOKIE]
    client.cookies.clear()
    client.post("/signin", data=csrf_form(client, email=user.email, password=PASSWORD))
    wrong = client.post(
        "/account/password", data=csrf_form(client, current_password="not it", new_password="a brand new secret")
    )
    assert wrong.status_code == 400 and "not your current password" in wrong.text
    response = client.post(
        "/account/password", data=csrf_form(client, current_password=PASSWORD, new_password="a brand new secret")
    )
    assert response.status_code == 303 and response.headers["location"] == "/account?done=password"
    assert client.get("/account").status_code == 200  # this browser got a fresh session
    set_session_cookie(client, other_device)
    assert client.get("/account").status_code == 303
