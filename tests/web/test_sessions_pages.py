"""Signing up, in and out through the pages: cookies, messages on bad input, and sessions that really end."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from dailypapers.settings import Settings
from dailypapers.web.cookies import SESSION_COOKIE
from tests.factories import PASSWORD, csrf_form, set_session_cookie

SIGN_UP = {"email": "ada@example.org", "username": "ada", "password": "analytical engine"}


def test_sign_up_signs_in_with_a_protected_cookie(client: TestClient) -> None:
    response = client.post("/signup", data=csrf_form(client, **SIGN_UP, next="/papers/date/2025-06-12"))
    assert response.status_code == 303 and response.headers["location"] == "/papers/date/2025-06-12"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # the test site is http
    header = client.get("/account").text
    assert 'href="/users/ada">ada</a>' in header and 'action="/signout"' in header


def test_cookies_are_secure_when_the_site_is_https(settings: Settings, client: TestClient) -> None:
    settings.base_url = "https://papers.example.org"
    client.base_url = "https://testserver"  # type: ignore[assignment]  # a browser sends Secure cookies over https only
    response = client.post("/signup", data=csrf_form(client, **SIGN_UP))
    assert "Secure" in response.headers["set-cookie"]


def test_a_signed_out_header_offers_sign_in_and_sign_up(client: TestClient) -> None:
    page = client.get("/papers/date/2025-06-12").text
    assert 'href="/signin?next=%2Fpapers%2Fdate%2F2025-06-12"' in page and 'href="/signup"' in page
    assert "Sign out" not in page


def test_sign_up_re_renders_with_a_message_per_field(client: TestClient, make_user: Callable[..., User]) -> None:
    make_user(username="taken", email="taken@example.org")
    page = client.post(
        "/signup", data=csrf_form(client, email="TAKEN@example.org", username="Taken", password="password1")
    )
    assert page.status_code == 400
    assert "An account with this email address exists already" in page.text
    assert "among the most common ones" in page.text
    assert 'value="TAKEN@example.org"' in page.text and "password1" not in page.text
    duplicate = client.post(
        "/signup", data=csrf_form(client, email="new@example.org", username="taken", password="analytical engine")
    )
    assert duplicate.status_code == 400 and "This username is taken" in duplicate.text
    short = client.post("/signup", data=csrf_form(client, email="x@example.org", username="x", password="short"))
    assert short.status_code == 400 and "at least 8 characters" in short.text
    assert SESSION_COOKIE not in client.cookies


def test_sign_in_and_out(client: TestClient, make_user: Callable[..., User]) -> None:
    user = make_user(email="ada@example.org")
    response = client.post(
        "/signin", data=csrf_form(client, email="Ada@Example.org", password=PASSWORD, next="/account")
    )
    assert response.status_code == 303 and response.headers["location"] == "/account"
    assert client.get("/account").status_code == 200
    old_cookie = client.cookies[SESSION_COOKIE]
    response = client.post("/signout", data=csrf_form(client))
    assert response.status_code == 303 and SESSION_COOKIE not in client.cookies
    # The old cookie, replayed, finds its session revoked.
    set_session_cookie(client, old_cookie)
    assert client.get("/account").status_code == 303
    assert client.get("/api/v1/me").status_code == 401
    assert user.username not in client.get("/papers/date/2025-06-12").text


def test_a_wrong_password_and_an_unknown_address_read_the_same(
    client: TestClient, make_user: Callable[..., User]
) -> None:
    make_user(email="ada@example.org")
    wrong = client.post("/signin", data=csrf_form(client, email="ada@example.org", password="not it at all"))
    unknown = client.post("/signin", data=csrf_form(client, email="who@example.org", password="not it at all"))
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong email or password." in wrong.text and "Wrong email or password." in unknown.text
    assert 'value="ada@example.org"' in wrong.text


def test_signing_in_never_redirects_to_another_site(client: TestClient, make_user: Callable[..., User]) -> None:
    user = make_user()
    for target in ("https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"):
        response = client.post("/signin", data=csrf_form(client, email=user.email, password=PASSWORD, next=target))
        assert response.headers["location"] == "/", target


def test_pages_that_need_a_member_send_visitors_to_sign_in(client: TestClient) -> None:
    response = client.get("/account")
    assert response.status_code == 303 and response.headers["location"] == "/signin?next=%2Faccount"


def test_signed_in_visitors_skip_the_sign_in_page(client: TestClient, sign_in: Callable[..., User]) -> None:
    sign_in()
    assert client.get("/signin?next=/account").headers["location"] == "/account"


def test_closed_sign_ups_say_so(client: TestClient, settings: Settings) -> None:
    settings.allow_signup = False
    page = client.get("/signup")
    assert "does not take sign-ups" in page.text and 'href="/signup"' not in page.text
    assert client.post("/signup", data=csrf_form(client, **SIGN_UP)).status_code == 403


def test_signing_in_as_someone_else_ends_the_previous_session(
    client: TestClient, sign_in: Callable[..., User], make_user: Callable[..., User]
) -> None:
    sign_in()
    first_session = client.cookies[SESSION_COOKIE]
    other = make_user()
    client.post("/signin", data=csrf_form(client, email=other.email, password=PASSWORD))
    assert client.cookies[SESSION_COOKIE] != first_session
    set_session_cookie(client, first_session)
    assert client.get("/api/v1/me").status_code == 401


def test_the_api_documents_bearer_tokens(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert schema["paths"]["/api/v1/me"]["get"]["security"] == [{"HTTPBearer": []}]
    assert not any(path.startswith(("/signin", "/account", "/users/")) for path in schema["paths"])


def test_odd_input_is_answered_never_with_a_500(client: TestClient, sign_in: Callable[..., User]) -> None:
    odd_values = ["", " ", "x" * 5000, "\u0000", "ünïcödé ✓ 🙂", "'; DROP TABLE users; --", "a@b.c\r\nBcc: x@y.z"]
    fields = ("email", "username", "password", "next", "token", "display_name", "name", "current_password")
    for value in odd_values:
        for path in ("/signup", "/signin", "/password/forgot", "/password/reset"):
            response = client.post(path, data=csrf_form(client, **dict.fromkeys(fields, value)))
            assert response.status_code < 500, (path, value[:20], response.status_code)
    sign_in()
    for value in odd_values:
        for path in ("/account/profile", "/account/password", "/account/tokens"):
            response = client.post(path, data=csrf_form(client, **dict.fromkeys(fields, value)))
            assert response.status_code < 500, (path, value[:20], response.status_code)
    assert client.post("/account/tokens/not-a-number/revoke", data=csrf_form(client)).status_code == 422
    for path in ("/users/%00", "/users/%C3%BC", "/api/v1/users/%00", "/signin?next=%00"):
        assert client.get(path).status_code < 500, path


def test_a_way_back_with_odd_characters_is_encoded_not_refused(
    client: TestClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    for target, location in (("/papers?q=über", "/papers?q=%C3%BCber"), ("/a\x00b c", "/a%00b%20c")):
        form = csrf_form(client, email=user.email, password=PASSWORD, next=target)
        assert client.post("/signin", data=form).headers["location"] == location
