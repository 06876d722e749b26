"""Subscribing to digests with double opt-in, confirming, changing settings and unsubscribing.

Nothing is sent to an address before its owner confirms through the emailed link; subscribing again does not
make a second subscription, and does not tell the asker whether the address was subscribed already.
"""

from __future__ import annotations

from datetime import datetime

from dailypapers.db.engine import Database
from dailypapers.domain.signed_links import get_link_subject
from dailypapers.domain.signing import Purpose
from dailypapers.domain.subscriptions import (
    Cadence,
    Subscription,
    SubscriptionStatus,
    Topic,
    TopicKind,
    parse_topics,
)
from dailypapers.domain.users import InvalidField, User, check_email, get_valid_email
from dailypapers.services.email_links import CONFIRM, MANAGE, EmailLinks
from dailypapers.services.errors import InvalidInput, InvalidLink, NotFound
from dailypapers.services.mail import Mailer
from dailypapers.services.passwords import describe_lifetime
from dailypapers.store import digests as digests_store
from dailypapers.store import subscriptions as subscriptions_store

CADENCE_LABELS = {Cadence.DAILY: "every weekday", Cadence.WEEKLY: "every Monday"}


def subscribe(db: Database, mailer: Mailer, links: EmailLinks, *, email: str, cadence: str, now: datetime) -> None:
    """Ask the address's owner to confirm; an address that receives digests already is sent nothing."""
    errors: dict[str, str] = {}
    try:
        email = check_email(email)
    except InvalidField as error:
        errors[error.field] = error.message
    chosen = _check_cadence(cadence, errors)
    if errors:
        raise InvalidInput(errors)
    with db.transaction() as connection:
        subscription = subscriptions_store.get_subscription_by_email(connection, email=email)
        if subscription is None:
            subscriptions_store.insert_subscription(connection, email=email, cadence=chosen, now=now)
        elif subscription.status is not SubscriptionStatus.ACTIVE:
            subscriptions_store.update_subscription(
                connection, subscription_id=subscription.id, now=now, status=SubscriptionStatus.PENDING, cadence=chosen
            )
        elif subscription.receives_digests:
            return
        subscription = subscriptions_store.get_subscription_by_email(connection, email=email)
    assert subscription is not None  # inserted or found in the transaction above
    mailer.send(
        "subscription_confirm",
        to=subscription.email,
        context={
            "link": links.confirm_url(subscription_id=subscription.id, email=subscription.email, now=now),
            "valid_for": describe_lifetime(links.confirm_lifetime),
            "cadence": CADENCE_LABELS[subscription.cadence],
        },
    )


def get_confirmable_subscription(db: Database, links: EmailLinks, *, token: str, now: datetime) -> Subscription:
    """The subscription a confirmation link names while the link works; InvalidLink otherwise."""
    return _require_by_link(db, links, purpose=CONFIRM, token=token, now=now)


def confirm_subscription(
    db: Database, links: EmailLinks, *, token: str, now: datetime, user: User | None = None
) -> Subscription:
    """Start (or resume) the digests. Confirmed by someone signed in with the same address, the subscription is
    tied to that account: the account alone proves nothing, since sign-up does not check addresses."""
    subscription = _require_by_link(db, links, purpose=CONFIRM, token=token, now=now)
    with db.transaction() as connection:
        values: dict[str, object] = {
            "status": SubscriptionStatus.ACTIVE,
            "paused": False,
            "suspended_at": None,
            "bounce_count": 0,
            "unsubscribed_at": None,
        }
        if subscription.status is not SubscriptionStatus.ACTIVE:
            values["confirmed_at"] = now
        if (
            user is not None
            and user.email == subscription.email
            and subscription.user_id is None
            and subscriptions_store.get_subscription_by_user(connection, user_id=user.id) is None
        ):
            values["user_id"] = user.id
        subscriptions_store.update_subscription(connection, subscription_id=subscription.id, now=now, **values)
        confirmed = subscriptions_store.get_subscription(connection, subscription_id=subscription.id)
    assert confirmed is not None  # updated just now
    return confirmed


def require_subscription_by_link(db: Database, links: EmailLinks, *, token: str, now: datetime) -> Subscription:
    """The subscription a digest's settings or unsubscribe link names; InvalidLink for a link that is not one."""
    return _require_by_link(db, links, purpose=MANAGE, token=token, now=now)


def get_subscription_for_user(db: Database, *, user_id: int) -> Subscription | None:
    with db.reading() as connection:
        return subscriptions_store.get_subscription_by_user(connection, user_id=user_id)


def update_subscription_settings(
    db: Database,
    *,
    subscription_id: int,
    cadence: str,
    keywords: str,
    categories: str,
    authors: str,
    paused: bool,
    now: datetime,
) -> Subscription:
    """Save cadence, topics and pause together; InvalidInput names every field to fix, and nothing is saved."""
    errors: dict[str, str] = {}
    chosen = _check_cadence(cadence, errors)
    topics: list[Topic] = []
    for kind, text in ((TopicKind.KEYWORD, keywords), (TopicKind.CATEGORY, categories), (TopicKind.AUTHOR, authors)):
        try:
            topics += parse_topics(kind, text)
        except InvalidField as error:
            errors[error.field] = error.message
    if errors:
        raise InvalidInput(errors)
    with db.transaction() as connection:
        if subscriptions_store.get_subscription(connection, subscription_id=subscription_id) is None:
            raise NotFound("this subscription no longer exists")
        subscriptions_store.update_subscription(
            connection, subscription_id=subscription_id, now=now, cadence=chosen, paused=paused
        )
        subscriptions_store.replace_topics(connection, subscription_id=subscription_id, topics=topics)
        if paused:
            digests_store.cancel_unreceived_digests(connection, subscription_id=subscription_id)
        updated = subscriptions_store.get_subscription(connection, subscription_id=subscription_id)
    assert updated is not None  # checked in this transaction
    return updated


def unsubscribe(db: Database, *, subscription_id: int, now: datetime) -> None:
    """Stop the digests at once, digests already queued included. Doing it twice changes nothing."""
    with db.transaction() as connection:
        subscription = subscriptions_store.get_subscription(connection, subscription_id=subscription_id)
        if subscription is None or subscription.status is SubscriptionStatus.UNSUBSCRIBED:
            return
        subscriptions_store.update_subscription(
            connection,
            subscription_id=subscription_id,
            now=now,
            status=SubscriptionStatus.UNSUBSCRIBED,
            unsubscribed_at=now,
        )
        digests_store.cancel_unreceived_digests(connection, subscription_id=subscription_id)


def unsubscribe_address(db: Database, *, email: str, now: datetime) -> bool:
    """Unsubscribe by address (for requests mailed to the List-Unsubscribe mailto); False when none is known."""
    address = get_valid_email(email)
    if address is None:
        return False
    with db.reading() as connection:
        subscription = subscriptions_store.get_subscription_by_email(connection, email=address)
    if subscription is None:
        return False
    unsubscribe(db, subscription_id=subscription.id, now=now)
    return True


def count_subscriptions(db: Database) -> dict[str, int]:
    with db.reading() as connection:
        return subscriptions_store.count_subscriptions(connection)


def _require_by_link(db: Database, links: EmailLinks, *, purpose: Purpose, token: str, now: datetime) -> Subscription:
    subscription_id = get_link_subject(token)
    subscription = None
    if subscription_id is not None:
        with db.reading() as connection:
            subscription = subscriptions_store.get_subscription(connection, subscription_id=subscription_id)
    if subscription is None or not links.check(subscription, purpose=purpose, token=token, now=now):
        raise InvalidLink("this link is not valid, or has expired")
    return subscription


def _check_cadence(cadence: str, errors: dict[str, str]) -> Cadence:
    try:
        return Cadence(cadence)
    except ValueError:
        errors["cadence"] = "Choose daily (weekdays) or weekly (Mondays)."
        return Cadence.DAILY
