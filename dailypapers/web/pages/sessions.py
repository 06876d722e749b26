"""Sessions: signing up (which starts the first), in and out: `/signup`, `/signin`, `/signout`. Forms re-render
with messages; nothing half-written."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.services import sessions as sessions_service
from dailypapers.services import users as users_service
from dailypapers.services.errors import InvalidCredentials, InvalidInput, RateLimitExceeded
from dailypapers.services.rate_limits import email_key
from dailypapers.web.auth import CurrentUser, end_session, session_lifetime, start_session
from dailypapers.web.deps import DatabaseDep, LinksDep, MailerDep, NowDep, SettingsDep
from dailypapers.web.pages.forms import FormView, safe_next
from dailypapers.web.rate_limits import enforce_rate_limit
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
WRONG_CREDENTIALS = "Wrong email or password."


@router.get("/signup", response_class=Response)
def sign_up_page(request: Request, user: CurrentUser, settings: SettingsDep, next: str = "") -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _render_sign_up(request, FormView(values={"next": next}), open_=settings.allow_signup)


@router.post("/signup", response_class=Response)
def sign_up(
    request: Request,
    db: DatabaseDep,
    mailer: MailerDep,
    links: LinksDep,
    settings: SettingsDep,
    now: NowDep,
    email: FormText = "",
    username: FormText = "",
    password: FormText = "",
    next: FormText = "",
) -> Response:
    values = {"email": email, "username": username, "next": next}
    if not settings.allow_signup:
        return _render_sign_up(request, FormView(values=values), open_=False, status_code=403)
    try:
        enforce_rate_limit(request, action="signup")
        signed_in = users_service.sign_up(
            db,
            mailer,
            links,
            email=email,
            username=username,
            password=password,
            now=now,
            lifetime=session_lifetime(request),
        )
    except RateLimitExceeded as error:
        form = FormView(values=values, message=str(error))
        return _render_sign_up(request, form, status_code=429, headers={"Retry-After": str(error.retry_after)})
    except InvalidInput as error:
        return _render_sign_up(request, FormView(values=values, errors=error.errors), status_code=400)
    response = RedirectResponse(safe_next(next), status_code=303)
    start_session(request, response, signed_in)
    return response


@router.get("/signin", response_class=Response)
def sign_in_page(request: Request, user: CurrentUser, next: str = "") -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _render_sign_in(request, FormView(values={"next": next}))


@router.post("/signin", response_class=Response)
def sign_in(
    request: Request,
    db: DatabaseDep,
    now: NowDep,
    email: FormText = "",
    password: FormText = "",
    next: FormText = "",
) -> Response:
    values = {"email": email, "next": next}
    try:
        # Per address and per account: a botnet spread over many addresses still meets the account's limit.
        enforce_rate_limit(request, action="signin", extra_keys=[email_key(email)])
        signed_in = sessions_service.sign_in(
            db, email=email, password=password, now=now, lifetime=session_lifetime(request)
        )
    except RateLimitExceeded as error:
        form = FormView(values=values, message=str(error))
        return _render_sign_in(request, form, status_code=429, headers={"Retry-After": str(error.retry_after)})
    except InvalidCredentials:
        return _render_sign_in(request, FormView(values=values, message=WRONG_CREDENTIALS), status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    start_session(request, response, signed_in)
    return response


@router.post("/signout", response_class=Response)
def sign_out(request: Request) -> Response:
    response = RedirectResponse("/", status_code=303)
    end_session(request, response)
    return response


def _render_sign_up(
    request: Request,
    form: FormView,
    *,
    open_: bool = True,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    context = {"form": form, "signup_open": open_}
    return render_page(request, "signup.html", context, status_code=status_code, headers=headers)


def _render_sign_in(
    request: Request, form: FormView, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return render_page(request, "signin.html", {"form": form}, status_code=status_code, headers=headers)
