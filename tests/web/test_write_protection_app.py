"""Every state-changing route refuses a forged request (no CSRF token) and an anonymous one (401/403).

The first two tests walk the app's routes, so a route added later is checked without anyone remembering to.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from dailypapers.web.auth import RequireCurator, RequireUser
from dailypapers.web.csrf import CSRF_FIELD, CSRF_HEADER, UNSAFE_METHODS, csrf_exempt
from dailypapers.web.rate_limits import rate_limited
from tests.factories import csrf_form, csrf_headers, csrf_token, set_session_cookie

# Writes open to visitors: they are how one signs up, in, out, or back in, and subscribes to or leaves the digest
# (the subscription ones act only on an address to confirm by email, or on a signed link).
PUBLIC_WRITES = {
    "/signup",
    "/signin",
    "/signout",
    "/password/forgot",
    "/password/reset",
    "/subscribe",
    "/subscriptions/confirm",
    "/subscriptions/unsubscribe",
    "/api/v1/subscriptions",
}
# Writes that take cross-site posts without a CSRF token, each authorised by a signed token in its URL instead.
CSRF_EXEMPT_WRITES = {"/subscriptions/unsubscribe"}  # RFC 8058 one-click unsubscribe, posted by mail clients
# Searches that take a long text, so are posted, and change nothing: open to visitors (the form still carries a
# CSRF token; the API call needs none without a session cookie).
PUBLIC_READS = {"/related", "/api/v1/similar"}


def unsafe_routes(app: FastAPI, *, csrf_exempt: bool | None = None) -> list[tuple[str, str]]:
    """(method, path) of every write route; only the CSRF-exempt ones, or only the others, when asked."""
    found = []
    # Routes of included routers are reached through their contexts, which carry the full path.
    for route in iter_route_contexts(app.routes):
        if route.path and route.methods:
            exempt = bool(getattr(getattr(route, "endpoint", None), "csrf_exempt", False))
            if csrf_exempt is not None and exempt != csrf_exempt:
                continue
            path = re.sub(r"\{[^}]+\}", "1", route.path)
            found.extend((method, path) for method in sorted(route.methods & UNSAFE_METHODS))
    return found


def test_every_write_route_refuses_a_request_without_a_csrf_token(
    client: TestClient, sign_in: Callable[..., User]
) -> None:
    sign_in(role="admin")
    checked = unsafe_routes(client.app, csrf_exempt=False)  # type: ignore[arg-type]
    assert len(checked) >= 8, "the walk found too few write routes to mean anything"
    for method, path in checked:
        for body in ({"data": {"name": "x"}}, {"json": {"name": "x"}}):
            response = client.request(method, path, **body)  # type: ignore[arg-type]
            assert response.status_code == 403, (method, path, response.status_code)


def test_only_listed_routes_skip_csrf_and_they_refuse_without_their_signed_token(
    client: TestClient, sign_in: Callable[..., User]
) -> None:
    exempt = unsafe_routes(client.app, csrf_exempt=True)  # type: ignore[arg-type]
    assert {path for _, path in exempt} == CSRF_EXEMPT_WRITES
    sign_in(role="admin")  # a session is no authority there
    for method, path in exempt:
        for query in ("", "?token=1.0.AAAAAAAAAAAAAAAAAAAAAA"):
            response = client.request(method, path + query, data={"List-Unsubscribe": "One-Click"})
            assert response.status_code == 400, (method, path, response.status_code)


def test_every_write_route_refuses_a_visitor(client: TestClient) -> None:
    token = csrf_token(client)  # a valid token for a visitor: what is refused is being anonymous
    for method, path in unsafe_routes(client.app):  # type: ignore[arg-type]
        if path in PUBLIC_WRITES | PUBLIC_READS:
            continue
        response = client.request(method, path, data={CSRF_FIELD: token}, headers={"accept": "text/html"})
        assert response.status_code in (401, 403), (method, path, response.status_code)
        api = client.request(method, path, headers={CSRF_HEADER: token, "accept": "application/json"})
        assert api.status_code in (401, 403), (method, path, api.status_code)


def test_a_token_from_another_session_is_refused(
    client: TestClient, sign_in: Callable[..., User], make_user: Callable[..., User]
) -> None:
    sign_in()
    stolen = csrf_token(client)
    client.cookies.clear()
    sign_in(user=make_user())
    response = client.post("/account/tokens", data={CSRF_FIELD: stolen, "name": "x"})
    assert response.status_code == 403 and "expired or did not come from this site" in response.text


def test_fetch_calls_send_the_token_in_a_header(client: TestClient, sign_in: Callable[..., User]) -> None:
    sign_in()
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/account").text)
    assert meta is not None and meta.group(1) == csrf_token(client)
    response = client.post("/account/tokens", data={"name": "from fetch"}, headers={CSRF_HEADER: meta.group(1)})
    assert response.status_code == 201


@pytest.fixture
def probes(client: TestClient) -> FastAPI:
    """Routes of the kinds the next features add, mounted on the app under test."""
    app: FastAPI = client.app  # type: ignore[assignment]

    @app.post("/api/v1/probe")
    def write(user: RequireUser) -> dict[str, Any]:
        return {"username": user.username}

    @app.get("/api/v1/probe/curated")
    def curated(user: RequireCurator) -> dict[str, Any]:
        return {"username": user.username}

    @app.post("/api/v1/probe/limited", dependencies=[Depends(rate_limited("signup"))])
    def limited() -> dict[str, Any]:
        return {}

    @app.post("/probe/unsubscribe")
    @csrf_exempt
    def unsubscribe() -> dict[str, Any]:
        return {"unsubscribed": True}

    return app


@pytest.mark.usefixtures("probes")
def test_api_writes_take_a_bearer_token_without_csrf(client: TestClient, sign_in: Callable[..., User]) -> None:
    sign_in()
    secret = _new_token(client)
    client.cookies.clear()
    response = client.post("/api/v1/probe", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    # Even with a browser's cookies alongside, the header alone decides who is asking.
    set_session_cookie(client, "forged")
    assert client.post("/api/v1/probe", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


@pytest.mark.usefixtures("probes")
def test_an_anonymous_api_write_is_a_401_problem(client: TestClient) -> None:
    response = client.post("/api/v1/probe", json={})
    assert response.status_code == 401 and response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"
    for header in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer dp_unknown"):
        assert client.post("/api/v1/probe", headers={"Authorization": header}).status_code == 401, header


@pytest.mark.usefixtures("probes")
def test_a_hugging_face_token_reads_as_anyone_and_writes_as_no_one(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    # huggingface_hub sends a signed-in Hugging Face user's saved token with every call to the endpoint.
    sign_in()
    foreign = {"Authorization": "Bearer hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"}
    arxiv_id = make_paper()
    assert client.get(f"/api/papers/{arxiv_id}", headers=foreign).status_code == 200
    assert client.get("/api/daily_papers", headers=foreign).status_code == 200
    # The session cookie alongside does not make it a member's request (nor skip the CSRF check for one).
    assert client.get("/api/v1/me", headers=foreign).status_code == 401
    assert client.post("/api/v1/probe", headers=foreign).status_code == 401


@pytest.mark.usefixtures("probes")
def test_a_cookie_api_write_needs_the_csrf_header(client: TestClient, sign_in: Callable[..., User]) -> None:
    sign_in()
    assert client.post("/api/v1/probe").status_code == 403
    assert client.post("/api/v1/probe", headers=csrf_headers(client)).status_code == 200


@pytest.mark.usefixtures("probes")
def test_roles_below_the_one_required_get_403(
    client: TestClient, sign_in: Callable[..., User], make_user: Callable[..., User]
) -> None:
    for role, status in (("member", 403), ("curator", 200), ("admin", 200)):
        client.cookies.clear()
        sign_in(user=make_user(role=role))
        assert client.get("/api/v1/probe/curated").status_code == status, role
    client.cookies.clear()
    assert client.get("/api/v1/probe/curated").status_code == 401


@pytest.mark.usefixtures("probes")
def test_an_exempt_route_takes_cross_site_posts(client: TestClient, sign_in: Callable[..., User]) -> None:
    sign_in()
    assert client.post("/probe/unsubscribe").json() == {"unsubscribed": True}


def test_a_rate_limit_needs_its_setting() -> None:
    with pytest.raises(ValueError, match="rate_limit_typo"):
        rate_limited("typo")


def _new_token(client: TestClient) -> str:
    page = client.post("/account/tokens", data=csrf_form(client, name="probe"))
    return re.search(r'id="new-token">([^<]+)<', page.text).group(1)  # type: ignore[union-attr]
