"""A subscription's settings and unsubscribing: `/subscriptions/settings` (signed in, or with the link from any
digest) and `/subscriptions/unsubscribe?token=…`, whose POST is RFC 8058's one-click unsubscribe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.domain.subscriptions import Cadence, Subscription, SubscriptionStatus, TopicKind, format_topics
from dailypapers.domain.users import User
from dailypapers.services import subscriptions as subscriptions_service
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.errors import InvalidInput, InvalidLink
from dailypapers.web.auth import CurrentUser, SignInRequired
from dailypapers.web.csrf import csrf_exempt
from dailypapers.web.deps import DatabaseDep, LinksDep, NowDep
from dailypapers.web.pages.forms import FormView
from dailypapers.web.pages.subscriptions import PRIVATE, render_invalid_link
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
NOTICES = {
    "confirmed": "Your subscription is confirmed. Choose how often and what about, below.",
    "saved": "Your settings are saved.",
}


@dataclass(frozen=True, slots=True)
class SettingsView:
    email: str
    state: str  # a sentence: receiving, paused, suspended, waiting for confirmation, unsubscribed
    unsubscribed: bool
    token: str
    unsubscribe_url: str
    resubscribe_url: str
    form: FormView


@router.get("/subscriptions/settings", response_class=Response)
def settings_page(
    request: Request, db: DatabaseDep, links: LinksDep, now: NowDep, user: CurrentUser, token: str = "", done: str = ""
) -> Response:
    try:
        subscription = _find(db, links, token=token, user=user, now=now)
    except InvalidLink:
        return render_invalid_link(request)
    if subscription is None:
        context = {"email": user.email if user else ""}
        return render_page(request, "subscription_none.html", context)
    form = FormView(values=_values(subscription), notice=NOTICES.get(done))
    return _render(request, links, subscription, form)


@router.post("/subscriptions/settings", response_class=Response)
def save_settings(
    request: Request,
    db: DatabaseDep,
    links: LinksDep,
    now: NowDep,
    user: CurrentUser,
    token: FormText = "",
    cadence: FormText = "daily",
    keywords: FormText = "",
    categories: FormText = "",
    authors: FormText = "",
    paused: FormText = "",
) -> Response:
    try:
        subscription = _find(db, links, token=token, user=user, now=now)
    except InvalidLink:
        return render_invalid_link(request)
    if subscription is None:
        return render_page(request, "subscription_none.html", {"email": user.email if user else ""}, status_code=404)
    values = {"cadence": cadence, "keywords": keywords, "categories": categories, "authors": authors, "paused": paused}
    try:
        subscriptions_service.update_subscription_settings(
            db,
            subscription_id=subscription.id,
            cadence=cadence,
            keywords=keywords,
            categories=categories,
            authors=authors,
            paused=bool(paused),
            now=now,
        )
    except InvalidInput as error:
        return _render(request, links, subscription, FormView(values=values, errors=error.errors), status_code=400)
    manage = links.manage_token(subscription_id=subscription.id, email=subscription.email)
    target = urls.subscription_settings_path(token=manage, done="saved")
    return RedirectResponse(target, status_code=303, headers=PRIVATE)


@router.get("/subscriptions/unsubscribe", response_class=Response)
def unsubscribe_page(request: Request, db: DatabaseDep, links: LinksDep, now: NowDep, token: str = "") -> Response:
    """Asks for the click: mail scanners fetch links, and a GET must not unsubscribe (RFC 8058)."""
    try:
        subscription = subscriptions_service.require_subscription_by_link(db, links, token=token, now=now)
    except InvalidLink:
        return render_invalid_link(request)
    return _render_unsubscribe(request, links, subscription, done=False)


@router.post("/subscriptions/unsubscribe", response_class=Response)
@csrf_exempt
def unsubscribe(request: Request, db: DatabaseDep, links: LinksDep, now: NowDep, token: str = "") -> Response:
    """One-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` here, cross-site and without
    cookies, so this acts on the signed token in the URL and on nothing else."""
    try:
        subscription = subscriptions_service.require_subscription_by_link(db, links, token=token, now=now)
    except InvalidLink:
        return render_invalid_link(request)
    subscriptions_service.unsubscribe(db, subscription_id=subscription.id, now=now)
    return _render_unsubscribe(request, links, subscription, done=True)


def _find(db: DatabaseDep, links: EmailLinks, *, token: str, user: User | None, now: NowDep) -> Subscription | None:
    """The subscription a link names, else the one tied to the signed-in account; InvalidLink for a bad link."""
    if token:
        return subscriptions_service.require_subscription_by_link(db, links, token=token, now=now)
    if user is None:
        raise SignInRequired("sign in, or open the settings link at the bottom of any digest")
    return subscriptions_service.get_subscription_for_user(db, user_id=user.id)


def _values(subscription: Subscription) -> dict[str, str]:
    return {
        "cadence": subscription.cadence.value,
        "keywords": format_topics(subscription.topics, TopicKind.KEYWORD),
        "categories": format_topics(subscription.topics, TopicKind.CATEGORY).replace("\n", ", "),
        "authors": format_topics(subscription.topics, TopicKind.AUTHOR),
        "paused": "on" if subscription.paused else "",
    }


def _state(subscription: Subscription) -> str:
    cadence = "every weekday" if subscription.cadence is Cadence.DAILY else "every Monday"
    if subscription.status is SubscriptionStatus.UNSUBSCRIBED:
        return "This address is unsubscribed: nothing is sent to it."
    if subscription.status is SubscriptionStatus.PENDING:
        return "This subscription waits for its owner to confirm it through the emailed link."
    if subscription.suspended_at is not None:
        return "Digests to this address stopped: the mail server refused them several times in a row."
    if subscription.paused:
        return "Paused: no digests until you resume."
    return f"Digests go to this address {cadence}."


def _render(
    request: Request, links: EmailLinks, subscription: Subscription, form: FormView, *, status_code: int = 200
) -> Response:
    token = links.manage_token(subscription_id=subscription.id, email=subscription.email)
    view = SettingsView(
        email=subscription.email,
        state=_state(subscription),
        unsubscribed=subscription.status is SubscriptionStatus.UNSUBSCRIBED,
        token=token,
        unsubscribe_url=urls.unsubscribe_path(token=token),
        resubscribe_url=_resubscribe_url(subscription),
        form=form,
    )
    return render_page(request, "subscription_settings.html", {"view": view}, status_code=status_code, headers=PRIVATE)


def _render_unsubscribe(request: Request, links: EmailLinks, subscription: Subscription, *, done: bool) -> Response:
    token = links.manage_token(subscription_id=subscription.id, email=subscription.email)
    context = {
        "email": subscription.email,
        "done": done or subscription.status is SubscriptionStatus.UNSUBSCRIBED,
        "action_url": urls.unsubscribe_path(token=token),
        "settings_url": urls.subscription_settings_path(token=token),
        "resubscribe_url": _resubscribe_url(subscription),
    }
    return render_page(request, "unsubscribe.html", context, headers=PRIVATE)


def _resubscribe_url(subscription: Subscription) -> str:
    return urls.subscribe_path(email=subscription.email, cadence=subscription.cadence.value)
