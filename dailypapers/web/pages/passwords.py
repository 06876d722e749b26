"""Forgotten passwords: `/password/forgot` emails a single-use link, `/password/reset?token=…` uses it."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.services import passwords as passwords_service
from dailypapers.services.errors import InvalidInput, InvalidLink, RateLimitExceeded
from dailypapers.services.rate_limits import email_key
from dailypapers.web.auth import session_lifetime, start_session
from dailypapers.web.deps import DatabaseDep, MailerDep, NowDep, SettingsDep
from dailypapers.web.pages.forms import FormView
from dailypapers.web.rate_limits import enforce_rate_limit
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
SENT = (
    "If an account uses that address, a link to choose a new password is on its way. "
    "Check the inbox (and the spam folder) of {email}."
)
# The token is in the address: keep it out of Referer headers, caches and the history of shared machines.
_PRIVATE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


@router.get("/password/forgot", response_class=Response)
def forgot_page(request: Request) -> Response:
    return render_page(request, "password_forgot.html", {"form": FormView()})


@router.post("/password/forgot", response_class=Response)
def forgot(
    request: Request, db: DatabaseDep, settings: SettingsDep, mailer: MailerDep, now: NowDep, email: FormText = ""
) -> Response:
    values = {"email": email}
    try:
        # Per address asked for too, so the form cannot flood someone's inbox.
        enforce_rate_limit(request, action="password_reset", extra_keys=[email_key(email)])
    except RateLimitExceeded as error:
        form = FormView(values=values, message=str(error))
        headers = {"Retry-After": str(error.retry_after)}
        return render_page(request, "password_forgot.html", {"form": form}, status_code=429, headers=headers)
    lifetime = timedelta(minutes=settings.password_reset_minutes)
    passwords_service.request_password_reset(db, mailer, email=email, now=now, lifetime=lifetime)
    form = FormView(values=values, notice=SENT.format(email=email.strip()))
    return render_page(request, "password_forgot.html", {"form": form})


@router.get("/password/reset", response_class=Response)
def reset_page(request: Request, db: DatabaseDep, now: NowDep, token: str = "") -> Response:
    user = passwords_service.get_password_link_user(db, token=token, now=now) if token else None
    if user is None:
        return _render_invalid_link(request)
    form = FormView(values={"token": token, "username": user.username})
    return render_page(request, "password_reset.html", {"form": form}, headers=_PRIVATE)


@router.post("/password/reset", response_class=Response)
def reset(request: Request, db: DatabaseDep, now: NowDep, token: FormText = "", password: FormText = "") -> Response:
    try:
        signed_in = passwords_service.reset_password(
            db, token=token, new_password=password, now=now, lifetime=session_lifetime(request)
        )
    except InvalidInput as error:
        user = passwords_service.get_password_link_user(db, token=token, now=now)
        if user is None:
            return _render_invalid_link(request)
        form = FormView(values={"token": token, "username": user.username}, errors=error.errors)
        return render_page(request, "password_reset.html", {"form": form}, status_code=400, headers=_PRIVATE)
    except InvalidLink:
        return _render_invalid_link(request)
    response = RedirectResponse(urls.account_path(done="password-set"), status_code=303)
    start_session(request, response, signed_in)
    return response


def _render_invalid_link(request: Request) -> Response:
    return render_page(request, "password_link_invalid.html", {}, status_code=400, headers=_PRIVATE)
