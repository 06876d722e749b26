"""The page header's view model, given to every template: who is signed in, and the links around that."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from dailypapers.domain import urls
from dailypapers.domain.demo import DEMO_EMAIL, DEMO_PASSWORD
from dailypapers.domain.users import Role
from dailypapers.settings import Settings
from dailypapers.web.auth import SignInRequired, get_current_user
from dailypapers.web.csrf import csrf_token
from dailypapers.web.deps import get_settings

# Pages that are where a sign-in starts or ends; a "Sign in" link there does not point back to them.
_AUTH_PAGES = ("/signin", "/signup", "/signout", "/password/")


@dataclass(frozen=True, slots=True)
class HeaderView:
    username: str | None
    profile_url: str | None
    csrf_token: str | None  # in a <meta> for fetch() calls, when someone is signed in
    signin_url: str
    signup_open: bool
    here: str  # this page's path and query, for forms that come back to it
    is_admin: bool = False  # links to the admins' pages
    email_unconfirmed: bool = False  # a notice on every page until the member confirms their address
    demo: DemoNotice | None = None  # on a demo site: what it relaxes and how to sign in as its admin


@dataclass(frozen=True, slots=True)
class DemoNotice:
    email: str
    password: str
    any_age: bool  # submissions take papers of any age


def header_context(request: Request) -> dict[str, Any]:
    """A Jinja2 context processor: `header` in every template."""
    try:
        user = get_current_user(request)
    except SignInRequired:  # an error page for a bad API token; the page itself says what is wrong
        user = None
    settings = get_settings(request)
    return {
        "header": HeaderView(
            username=user.username if user else None,
            profile_url=urls.user_path(user.username) if user else None,
            csrf_token=csrf_token(request) if user else None,
            signin_url=signin_url(request),
            signup_open=settings.allow_signup,
            here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            is_admin=user is not None and user.role.includes(Role.ADMIN),
            email_unconfirmed=user is not None and not user.email_confirmed,
            demo=_demo_notice(settings) if settings.demo else None,
        )
    }


def _demo_notice(settings: Settings) -> DemoNotice:
    return DemoNotice(email=DEMO_EMAIL, password=DEMO_PASSWORD, any_age=settings.submission_max_age_days == 0)


def signin_url(request: Request) -> str:
    """/signin, with a way back to this page when it is one worth coming back to."""
    path = request.url.path
    if request.method != "GET" or path == "/" or path.startswith(_AUTH_PAGES):
        return urls.signin_path()
    target = path + (f"?{request.url.query}" if request.url.query else "")
    return urls.signin_path(next_path=target)
