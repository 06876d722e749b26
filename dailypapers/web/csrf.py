"""CSRF protection for every POST, PUT, PATCH and DELETE, applied app-wide so that no route can forget it.

The token signs the session cookie (or, before sign-in, a random `dp_csrf` cookie) with the CSRF key derived from
the secret key (domain/signing.py): forms embed it with `{{ csrf_input() }}`, fetch() sends it as `X-CSRF-Token`.
Requests carrying an `Authorization` header are exempt: they are authenticated by that header alone, which no
other site can set.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request, Response
from jinja2 import pass_context
from markupsafe import Markup

from dailypapers.domain.signing import Purpose, check_signature, sign_value
from dailypapers.web.cookies import SESSION_COOKIE, set_cookie
from dailypapers.web.deps import get_settings

CSRF_COOKIE = "dp_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
# Written in place of the token on anonymous pages made for the page cache, which fills in each visitor's own.
CSRF_PLACEHOLDER = "dp-csrf-token-for-this-visitor"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


class CsrfRejected(Exception):
    """An unsafe request without a valid CSRF token: answered 403."""


def csrf_exempt(endpoint: Endpoint) -> Endpoint:
    """Mark a route that must accept cross-site posts (one-click unsubscribe, webhooks); it may not rely on
    cookies for anything."""
    endpoint.csrf_exempt = True  # type: ignore[attr-defined]
    return endpoint


async def protect_from_csrf(request: Request) -> None:
    """The app-wide dependency: refuse an unsafe request whose CSRF token is missing or wrong."""
    if request.method not in UNSAFE_METHODS or "authorization" in request.headers or _is_exempt(request):
        return
    # An API call with no session cookie has no one's authority to borrow, and the API signs no one in;
    # letting it through lets require_user answer 401 rather than a puzzling CSRF 403.
    if request.url.path.startswith("/api/") and SESSION_COOKIE not in request.cookies:
        return
    seed = _seed(request)
    sent = request.headers.get(CSRF_HEADER) or await _form_token(request)
    if (
        seed is None
        or not sent
        or not check_signature(_secret(request), purpose=Purpose.CSRF, value=seed, signature=sent)
    ):
        raise CsrfRejected(
            "This form has expired or did not come from this site: reload the page and try again."
            if sent
            else f"A CSRF token is required: send the form's {CSRF_FIELD} field or an {CSRF_HEADER} header, "
            "or authenticate with an API token (Authorization: Bearer)."
        )


def csrf_token(request: Request) -> str:
    """The token for forms and fetch() on this request's page; starts a `dp_csrf` cookie when there is no seed."""
    if getattr(request.state, "page_cache", False):
        return CSRF_PLACEHOLDER
    seed = _seed(request)
    if seed is None:
        seed = request.state.new_csrf_seed = secrets.token_urlsafe(32)
    return sign_value(_secret(request), purpose=Purpose.CSRF, value=seed)


@pass_context
def csrf_input(context: dict[str, Any]) -> Markup:
    """`{{ csrf_input() }}` in a form: the hidden field protect_from_csrf looks for."""
    token = csrf_token(context["request"])
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)


def issue_csrf_cookie(request: Request, response: Response) -> None:
    """Set the `dp_csrf` cookie when rendering the page started one (render_page calls this)."""
    seed = getattr(request.state, "new_csrf_seed", None)
    if seed is not None:
        set_cookie(response, CSRF_COOKIE, seed, settings=get_settings(request), max_age=None)


def _seed(request: Request) -> str | None:
    # A seed the page just started wins over no cookie; the session outranks the anonymous cookie.
    return (
        request.cookies.get(SESSION_COOKIE)
        or getattr(request.state, "new_csrf_seed", None)
        or request.cookies.get(CSRF_COOKIE)
    )


def _secret(request: Request) -> str:
    return get_settings(request).secret_key.get_secret_value()


async def _form_token(request: Request) -> str | None:
    if not request.headers.get("content-type", "").startswith(_FORM_TYPES):
        return None
    # Starlette caches the parsed form on the request, so the route reads the same form afterwards.
    value = (await request.form()).get(CSRF_FIELD)
    return value if isinstance(value, str) else None


def _is_exempt(request: Request) -> bool:
    endpoint = getattr(request.scope.get("route"), "endpoint", None)
    return bool(getattr(endpoint, "csrf_exempt", False))
