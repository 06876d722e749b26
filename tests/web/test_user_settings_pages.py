"""Account settings and profiles: display names, API tokens made and revoked, markup shown as text."""

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from tests.factories import csrf_form

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_a_profile_shows_the_name_role_and_join_date(client: TestClient, make_user: Callable[..., User]) -> None:
    make_user(username="grace", role="curator", display_name="Grace Hopper")
    page = client.get("/users/grace")
    assert page.status_code == 200
    assert "Grace Hopper" in page.text and "@grace" in page.text and "Curator" in page.text
    assert "joined 12 Jun 2025" in page.text
    assert client.get("/users/nobody", headers={"accept": "text/html"}).status_code == 404


def test_markup_in_a_display_name_renders_as_text(client: TestClient, sign_in: Callable[..., User]) -> None:
    user = sign_in()
    response = client.post("/account/profile", data=csrf_form(client, display_name=XSS))
    assert response.status_code == 303
    for path in (f"/users/{user.username}", "/account"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in client.get(f"/users/{user.username}").text
    assert client.get(f"/api/v1/users/{user.username}").json()["display_name"] == XSS


def test_markup_cannot_become_a_username(client: TestClient) -> None:
    page = client.post(
        "/signup", data=csrf_form(client, email="x@example.org", username=XSS, password="analytical engine")
    )
    assert page.status_code == 400 and "Usernames are" in page.text and "<script>alert" not in page.text


def test_an_api_token_is_shown_once_and_works_until_revoked(client: TestClient, sign_in: Callable[..., User]) -> None:
    user = sign_in()
    page = client.post("/account/tokens", data=csrf_form(client, name="reading-group bot"))
    assert page.status_code == 201 and page.headers["cache-control"] == "no-store"
    secret = re.search(r'id="new-token">([^<]+)<', page.text).group(1)  # type: ignore[union-attr]
    listing = client.get("/account").text
    assert "reading-group bot" in listing and secret not in listing and f"{secret[:11]}…" in listing

    bearer = {"Authorization": f"Bearer {secret}"}
    cookies = dict(client.cookies)
    client.cookies.clear()
    me = client.get("/api/v1/me", headers=bearer)
    assert me.status_code == 200 and me.json()["username"] == user.username and me.json()["email"] == user.email

    client.cookies.update(cookies)
    revoke_url = re.search(r'action="(/account/tokens/\d+/revoke)"', listing).group(1)  # type: ignore[union-attr]
    response = client.post(revoke_url, data=csrf_form(client))
    assert response.status_code == 303 and "The token is revoked" in client.get(response.headers["location"]).text
    client.cookies.clear()
    refused = client.get("/api/v1/me", headers=bearer)
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["detail"] == "this API token is unknown or has been revoked"


def test_a_token_needs_a_name(client: TestClient, sign_in: Callable[..., User]) -> None:
    sign_in()
    page = client.post("/account/tokens", data=csrf_form(client, name="  "))
    assert page.status_code == 400 and "Name the token" in page.text


def test_nobody_revokes_another_members_token(
    client: TestClient, sign_in: Callable[..., User], make_user: Callable[..., User]
) -> None:
    owner = sign_in()
    client.post("/account/tokens", data=csrf_form(client, name="mine"))
    revoke_url = re.search(r'action="(/account/tokens/\d+/revoke)"', client.get("/account").text).group(1)  # type: ignore[union-attr]
    client.cookies.clear()
    sign_in(user=make_user())
    response = client.post(revoke_url, data=csrf_form(client), headers={"accept": "text/html"})
    assert response.status_code == 404
    client.cookies.clear()
    sign_in(user=owner)
    assert "mine" in client.get("/account").text
