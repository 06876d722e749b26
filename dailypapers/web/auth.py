"""Who is asking: the session cookie or an API token, and the dependencies routes use to require a person or a role.

user: CurrentUser                  # User | None, for pages that show more to members
user: RequireUser                  # 401 problem on the API, a redirect to /signin on pages
user: RequireConfirmedUser         # and 403 until the member has confirmed their email address (to post or vote)
user: Annotated[User, Depends(require_role(Role.CURATOR))]   # and 403 below that role
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from dailypapers.domain import urls
from dailypapers.domain.tokens import API_TOKEN_PREFIX
from dailypapers.domain.users import Role, User
from dailypapers.services import api_tokens as api_tokens_service
from dailypapers.services import sessions as sessions_service
from dailypapers.services.errors import EmailUnconfirmed, Forbidden
from dailypapers.services.sessions import SignedIn
from dailypapers.web.cookies import SESSION_COOKIE, delete_cookie, set_cookie
from dailypapers.web.deps import get_db, get_now, get_settings

_bearer = HTTPBearer(
    auto_error=False,
    description="An API token, made in account settings (/account) or by `dailypapers user token EMAIL`.",
)


class SignInRequired(Exception):
    """No one is signed in, or the credentials sent are not valid: 401 on the API, the sign-in page otherwise."""


def get_current_user(request: Request) -> User | None:
    """The signed-in user, or None. Runs for every request (an app-wide dependency), once.

    A request with an `Authorization` header is authenticated by that header alone, its cookies ignored, which is
    what lets such requests skip the CSRF check.
    """
    if hasattr(request.state, "user"):
        user: User | None = request.state.user
        return user
    request.state.user = None  # until known; an error page rendered meanwhile shows a signed-out header
    found = request.state.user = _authenticate(request)
    return found


async def current_user(request: Request) -> User | None:
    """`get_current_user` as the dependency: a request with neither an `Authorization` header nor a session cookie
    (every anonymous reader's) is answered on the event loop; only one with credentials to look up goes to the
    thread pool, where the database is read (see `on_the_loop` in web/deps.py)."""
    if hasattr(request.state, "user"):
        known: User | None = request.state.user
        return known
    if "authorization" not in request.headers and not request.cookies.get(SESSION_COOKIE):
        request.state.user = None
        return None
    return await run_in_threadpool(get_current_user, request)


async def require_user(
    request: Request,
    # Declared for the OpenAPI schema, which then shows these routes as taking a bearer token.
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    user = await current_user(request)
    if user is None:
        raise SignInRequired("sign in, or send an API token as `Authorization: Bearer <token>`")
    return user


async def require_confirmed_user(user: Annotated[User, Depends(require_user)]) -> User:
    """A member who has confirmed their address: posting and voting need it, reading and subscribing do not."""
    if not user.email_confirmed:
        raise EmailUnconfirmed(
            f"confirm your email address first: open the link we sent to {user.email}, or ask for a new one in "
            f"your account settings ({urls.account_path()})"
        )
    return user


def require_role(role: Role | str) -> Callable[..., Awaitable[User]]:
    """A dependency admitting users whose role includes `role` (an admin is a curator is a member); 403 otherwise.
    Roles above member act on what others read, so they need a confirmed address too."""
    needed = Role(role)

    async def check_role(user: Annotated[User, Depends(require_confirmed_user)]) -> User:
        if not user.role.includes(needed):
            raise Forbidden(f"this needs the {needed.value} role; you are a {user.role.value}")
        return user

    return check_role


CurrentUser = Annotated[User | None, Depends(current_user)]
RequireUser = Annotated[User, Depends(require_user)]
RequireConfirmedUser = Annotated[User, Depends(require_confirmed_user)]
RequireCurator = Annotated[User, Depends(require_role(Role.CURATOR))]
RequireAdmin = Annotated[User, Depends(require_role(Role.ADMIN))]


def start_session(request: Request, response: Response, signed_in: SignedIn) -> None:
    """Hand the browser its new session cookie, ending the session it replaces (another account's, say)."""
    previous = request.cookies.get(SESSION_COOKIE)
    if previous and previous != signed_in.session_token:
        sessions_service.sign_out(get_db(request), session_token=previous)
    settings = get_settings(request)
    lifetime = signed_in.expires_at - get_now(request)
    max_age = int(lifetime / timedelta(seconds=1))
    set_cookie(response, SESSION_COOKIE, signed_in.session_token, settings=settings, max_age=max_age)


def end_session(request: Request, response: Response) -> None:
    """Revoke this browser's session row and drop its cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        sessions_service.sign_out(get_db(request), session_token=token)
    delete_cookie(response, SESSION_COOKIE, settings=get_settings(request))


def session_lifetime(request: Request) -> timedelta:
    return timedelta(days=get_settings(request).session_days)


def _authenticate(request: Request) -> User | None:
    db, now = get_db(request), get_now(request)
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise SignInRequired("the Authorization header must be `Bearer <token>`")
        if not secret.strip().startswith(API_TOKEN_PREFIX):
            # Another service's token names no one here: huggingface_hub sends a signed-in Hugging Face user's
            # `hf_…` token with every read, and `hf papers ls` must work for them. Cookies stay ignored.
            return None
        user = api_tokens_service.get_token_user(db, secret=secret.strip(), now=now)
        if user is None:
            raise SignInRequired("this API token is unknown or has been revoked")
        return user
    session_token = request.cookies.get(SESSION_COOKIE)
    if not session_token:
        return None
    return sessions_service.get_session_user(db, session_token=session_token, now=now)
