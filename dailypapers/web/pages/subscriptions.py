"""Subscribing to the digest: `/subscribe` (also the target of the form on every page) and the confirmation
link, `/subscriptions/confirm?token=…`, whose page asks for one click (mail scanners open links; they do not
press buttons)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.services import subscriptions as subscriptions_service
from dailypapers.services.errors import InvalidInput, InvalidLink, RateLimitExceeded
from dailypapers.services.rate_limits import email_key
from dailypapers.web.auth import CurrentUser
from dailypapers.web.deps import DatabaseDep, LinksDep, MailerDep, NowDep
from dailypapers.web.pages.forms import FormView
from dailypapers.web.rate_limits import enforce_rate_limit
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
SENT = (
    "Almost done: we sent a link to {email}. Open it to confirm the subscription; "
    "nothing else is sent to that address until you do."
)
# Tokens ride in the address: keep them out of Referer headers, caches and shared history.
PRIVATE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


@router.get("/subscribe", response_class=Response)
def subscribe_page(request: Request, user: CurrentUser, email: str = "", cadence: str = "daily") -> Response:
    values = {"email": email or (user.email if user else ""), "cadence": cadence}
    return render_page(request, "subscribe.html", {"form": FormView(values=values)})


@router.post("/subscribe", response_class=Response)
def subscribe(
    request: Request,
    db: DatabaseDep,
    mailer: MailerDep,
    links: LinksDep,
    now: NowDep,
    email: FormText = "",
    cadence: FormText = "daily",
) -> Response:
    values = {"email": email, "cadence": cadence}
    try:
        # Per address too, so that the form cannot be used to flood someone's inbox with confirmations.
        enforce_rate_limit(request, action="subscribe", extra_keys=[email_key(email)])
        subscriptions_service.subscribe(db, mailer, links, email=email, cadence=cadence, now=now)
    except RateLimitExceeded as error:
        form = FormView(values=values, message=str(error))
        headers = {"Retry-After": str(error.retry_after)}
        return render_page(request, "subscribe.html", {"form": form}, status_code=429, headers=headers)
    except InvalidInput as error:
        form = FormView(values=values, errors=error.errors)
        return render_page(request, "subscribe.html", {"form": form}, status_code=400)
    form = FormView(values=values, notice=SENT.format(email=email.strip()))
    return render_page(request, "subscribe.html", {"form": form})


@router.get("/subscriptions/confirm", response_class=Response)
def confirm_page(request: Request, db: DatabaseDep, links: LinksDep, now: NowDep, token: str = "") -> Response:
    try:
        subscription = subscriptions_service.get_confirmable_subscription(db, links, token=token, now=now)
    except InvalidLink:
        return render_invalid_link(request)
    context = {"email": subscription.email, "token": token}
    return render_page(request, "subscription_confirm.html", context, headers=PRIVATE)


@router.post("/subscriptions/confirm", response_class=Response)
def confirm(
    request: Request, db: DatabaseDep, links: LinksDep, now: NowDep, user: CurrentUser, token: FormText = ""
) -> Response:
    try:
        subscription = subscriptions_service.confirm_subscription(db, links, token=token, now=now, user=user)
    except InvalidLink:
        return render_invalid_link(request)
    manage = links.manage_token(subscription_id=subscription.id, email=subscription.email)
    target = urls.subscription_settings_path(token=manage, done="confirmed")
    return RedirectResponse(target, status_code=303, headers=PRIVATE)


def render_invalid_link(request: Request) -> Response:
    return render_page(request, "subscription_link_invalid.html", {}, status_code=400, headers=PRIVATE)
