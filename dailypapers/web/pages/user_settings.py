"""A user's settings, `/account`: confirming the email address, display name, password, and API tokens (made, shown
once, revoked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.domain.tokens import ApiToken
from dailypapers.domain.users import User
from dailypapers.services import api_tokens as api_tokens_service
from dailypapers.services import passwords as passwords_service
from dailypapers.services import users as users_service
from dailypapers.services.errors import InvalidInput, InvalidLink, RateLimitExceeded
from dailypapers.web.auth import CurrentUser, RequireUser, session_lifetime, start_session
from dailypapers.web.deps import DatabaseDep, LinksDep, MailerDep, NowDep, get_settings
from dailypapers.web.ids import RowId
from dailypapers.web.pages.feed_tokens import NOTICES as FEED_TOKEN_NOTICES
from dailypapers.web.pages.feed_tokens import build_private_feeds_view
from dailypapers.web.pages.forms import FormView
from dailypapers.web.rate_limits import enforce_rate_limit
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
NOTICES = {
    "profile": "Your profile is saved.",
    "password": "Your password is changed, and every other device is signed out.",
    "password-set": "Your password is set, and you are signed in.",
    "token-revoked": "The token is revoked: requests that send it are refused from now on.",
    "email-confirmed": "Your email address is confirmed: you can vote, comment and submit papers.",
    "confirmation-sent": "A new confirmation link is on its way to your email address.",
    **FEED_TOKEN_NOTICES,
}


@dataclass(frozen=True, slots=True)
class TokenRow:
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoke_url: str


@dataclass(frozen=True, slots=True)
class AccountView:
    username: str
    email: str
    role: str
    profile_url: str
    email_confirmed: bool
    has_password: bool
    tokens: list[TokenRow]
    new_token: str | None  # the secret of a token just made: shown this once
    notice: str | None
    profile_form: FormView
    password_form: FormView
    token_form: FormView


@router.get("/account", response_class=Response)
def account_page(request: Request, db: DatabaseDep, user: RequireUser, done: str = "") -> Response:
    return _render(request, db, user, notice=NOTICES.get(done))


@router.get("/account/confirm", response_class=Response)
def confirm_email(
    request: Request, db: DatabaseDep, links: LinksDep, user: CurrentUser, now: NowDep, token: str = ""
) -> Response:
    """The sign-up email's link: confirms the address whether or not this browser is signed in."""
    try:
        users_service.confirm_email(db, links, token=token, now=now)
    except InvalidLink:
        return render_page(request, "email_confirm_failed.html", {"signed_in": user is not None}, status_code=400)
    if user is None:
        return RedirectResponse(urls.signin_path(next_path=urls.account_path(done="email-confirmed")), status_code=303)
    return RedirectResponse(urls.account_path(done="email-confirmed"), status_code=303)


@router.post("/account/confirm", response_class=Response)
def send_confirmation(
    request: Request, db: DatabaseDep, mailer: MailerDep, links: LinksDep, user: RequireUser, now: NowDep
) -> Response:
    """Send the confirmation link again (it may have expired, or gone to spam)."""
    if user.email_confirmed:
        return RedirectResponse(urls.account_path(done="email-confirmed"), status_code=303)
    try:
        enforce_rate_limit(request, action="email_confirm", user=user)
    except RateLimitExceeded as error:
        return _render(request, db, user, notice=str(error), status_code=429)
    users_service.send_email_confirmation(mailer, links, user=user, now=now)
    return RedirectResponse(urls.account_path(done="confirmation-sent"), status_code=303)


@router.post("/account/profile", response_class=Response)
def update_profile(
    request: Request, db: DatabaseDep, user: RequireUser, now: NowDep, display_name: FormText = ""
) -> Response:
    try:
        users_service.update_display_name(db, user_id=user.id, display_name=display_name, now=now)
    except InvalidInput as error:
        form = FormView(values={"display_name": display_name}, errors=error.errors)
        return _render(request, db, user, profile_form=form, status_code=400)
    return RedirectResponse(urls.account_path(done="profile"), status_code=303)


@router.post("/account/password", response_class=Response)
def change_password(
    request: Request,
    db: DatabaseDep,
    user: RequireUser,
    now: NowDep,
    current_password: FormText = "",
    new_password: FormText = "",
) -> Response:
    try:
        signed_in = passwords_service.change_password(
            db,
            user_id=user.id,
            current_password=current_password,
            new_password=new_password,
            now=now,
            lifetime=session_lifetime(request),
        )
    except InvalidInput as error:
        return _render(request, db, user, password_form=FormView(errors=error.errors), status_code=400)
    response = RedirectResponse(urls.account_path(done="password"), status_code=303)
    start_session(request, response, signed_in)  # every session ended with the old password; this one goes on
    return response


@router.post("/account/tokens", response_class=Response)
def create_token(request: Request, db: DatabaseDep, user: RequireUser, now: NowDep, name: FormText = "") -> Response:
    try:
        _, secret = api_tokens_service.create_api_token(db, user_id=user.id, name=name, now=now)
    except InvalidInput as error:
        form = FormView(values={"name": name}, errors=error.errors)
        return _render(request, db, user, token_form=form, status_code=400)
    # Rendered, not redirected: the secret exists only in this response, which no cache may keep.
    return _render(request, db, user, new_token=secret, status_code=201, headers={"Cache-Control": "no-store"})


@router.post("/account/tokens/{token_id}/revoke", response_class=Response)
def revoke_token(db: DatabaseDep, user: RequireUser, token_id: RowId) -> Response:
    api_tokens_service.revoke_api_token(db, user_id=user.id, token_id=token_id)
    return RedirectResponse(urls.account_path(done="token-revoked"), status_code=303)


def _render(
    request: Request,
    db: DatabaseDep,
    user: User,
    *,
    notice: str | None = None,
    new_token: str | None = None,
    profile_form: FormView | None = None,
    password_form: FormView | None = None,
    token_form: FormView | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    tokens = api_tokens_service.list_api_tokens(db, user_id=user.id)
    view = AccountView(
        username=user.username,
        email=user.email,
        role=user.role.value,
        profile_url=urls.user_path(user.username),
        email_confirmed=user.email_confirmed,
        has_password=user.has_password,
        tokens=[_token_row(token) for token in tokens],
        new_token=new_token,
        notice=notice,
        profile_form=profile_form or FormView(values={"display_name": user.display_name or ""}),
        password_form=password_form or FormView(),
        token_form=token_form or FormView(),
    )
    feeds = build_private_feeds_view(db, get_settings(request), user_id=user.id)
    context = {"view": view, "feeds": feeds}
    return render_page(request, "account.html", context, status_code=status_code, headers=headers)


def _token_row(token: ApiToken) -> TokenRow:
    return TokenRow(
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoke_url=urls.api_token_revoke_path(token.id),
    )
