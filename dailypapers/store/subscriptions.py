"""Subscriptions and their topics: rows in, `Subscription` dataclasses out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, and_, delete, insert, select, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import digests, subscription_topics, subscriptions
from dailypapers.domain.subscriptions import Cadence, Subscription, SubscriptionStatus, Topic, TopicKind


def insert_subscription(connection: Connection, *, email: str, cadence: Cadence, now: datetime) -> int | None:
    """The new pending subscription's id, or None when the address has one already."""
    statement = (
        insert_ignoring_conflicts(connection, subscriptions)
        .values(
            email=email, cadence=cadence.value, status=SubscriptionStatus.PENDING.value, created_at=now, updated_at=now
        )
        .returning(subscriptions.c.id)
    )
    subscription_id: int | None = connection.execute(statement).scalar_one_or_none()
    return subscription_id


def get_subscription(connection: Connection, *, subscription_id: int) -> Subscription | None:
    return _first(connection, subscriptions.c.id == subscription_id)


def get_subscription_by_email(connection: Connection, *, email: str) -> Subscription | None:
    return _first(connection, subscriptions.c.email == email)


def get_subscription_by_user(connection: Connection, *, user_id: int) -> Subscription | None:
    return _first(connection, subscriptions.c.user_id == user_id)


def update_subscription(connection: Connection, *, subscription_id: int, now: datetime, **values: Any) -> None:
    """Set columns of one subscription (enums by value); `updated_at` follows."""
    values = {name: getattr(value, "value", value) for name, value in values.items()}
    connection.execute(
        update(subscriptions).where(subscriptions.c.id == subscription_id).values(**values, updated_at=now)
    )


def replace_topics(connection: Connection, *, subscription_id: int, topics: Sequence[Topic]) -> None:
    connection.execute(delete(subscription_topics).where(subscription_topics.c.subscription_id == subscription_id))
    if topics:
        rows = [
            {
                "subscription_id": subscription_id,
                "kind": topic.kind.value,
                "key": topic.key,
                "value": topic.value,
                "position": position,
            }
            for position, topic in enumerate(topics)
        ]
        connection.execute(insert(subscription_topics), rows)


def list_receiving_subscriptions(
    connection: Connection, *, cadence: Cadence, without_digest_on: date, after_id: int, limit: int
) -> list[Subscription]:
    """Confirmed, unpaused, unsuspended subscriptions of the cadence that have no digest for that send date yet,
    in id order from `after_id` (keyset pages)."""
    has_digest = (
        select(digests.c.id)
        .where(
            digests.c.subscription_id == subscriptions.c.id,
            digests.c.cadence == cadence.value,
            digests.c.send_date == without_digest_on,
        )
        .exists()
    )
    condition = and_(
        subscriptions.c.id > after_id,
        subscriptions.c.cadence == cadence.value,
        receiving_digests(),
        ~has_digest,
    )
    rows = connection.execute(select(*subscriptions.c).where(condition).order_by(subscriptions.c.id).limit(limit)).all()
    return _with_topics(connection, rows)


def receiving_digests() -> ColumnElement[bool]:
    """The condition for a subscription that digests go to."""
    return and_(
        subscriptions.c.status == SubscriptionStatus.ACTIVE.value,
        subscriptions.c.paused.is_(False),
        subscriptions.c.suspended_at.is_(None),
    )


def count_subscriptions(connection: Connection) -> dict[str, int]:
    """How many subscriptions are pending, receiving, paused, suspended and unsubscribed."""
    counts: dict[str, int] = defaultdict(int)
    rows = connection.execute(
        select(subscriptions.c.status, subscriptions.c.paused, subscriptions.c.suspended_at.is_not(None))
    )
    for status, paused, suspended in rows:
        if status != SubscriptionStatus.ACTIVE.value:
            counts[status] += 1
        else:
            counts["suspended" if suspended else "paused" if paused else "receiving"] += 1
    return dict(counts)


def _first(connection: Connection, condition: ColumnElement[bool]) -> Subscription | None:
    rows = connection.execute(select(*subscriptions.c).where(condition)).all()
    found = _with_topics(connection, rows)
    return found[0] if found else None


def _with_topics(connection: Connection, rows: Sequence[Row[Any]]) -> list[Subscription]:
    ids = [row.id for row in rows]
    topics: dict[int, list[Topic]] = defaultdict(list)
    if ids:
        query = (
            select(subscription_topics)
            .where(subscription_topics.c.subscription_id.in_(ids))
            .order_by(subscription_topics.c.subscription_id, subscription_topics.c.position)
        )
        for topic in connection.execute(query):
            topics[topic.subscription_id].append(Topic(TopicKind(topic.kind), topic.key, topic.value))
    return [
        Subscription(
            id=row.id,
            email=row.email,
            user_id=row.user_id,
            status=SubscriptionStatus(row.status),
            cadence=Cadence(row.cadence),
            paused=bool(row.paused),
            bounce_count=row.bounce_count,
            suspended_at=row.suspended_at,
            confirmed_at=row.confirmed_at,
            created_at=row.created_at,
            topics=tuple(topics[row.id]),
        )
        for row in rows
    ]


def record_bounce(connection: Connection, *, subscription_id: int, now: datetime, limit: int) -> bool:
    """Count a permanent failure; at `limit` in a row the address is suspended. Returns whether it is now."""
    connection.execute(
        update(subscriptions)
        .where(subscriptions.c.id == subscription_id)
        .values(bounce_count=subscriptions.c.bounce_count + 1, updated_at=now)
    )
    suspended = connection.execute(
        update(subscriptions)
        .where(
            subscriptions.c.id == subscription_id,
            subscriptions.c.bounce_count >= limit,
            subscriptions.c.suspended_at.is_(None),
        )
        .values(suspended_at=now)
    ).rowcount
    return suspended == 1


def clear_bounces(connection: Connection, *, subscription_id: int) -> None:
    """A delivery went through: earlier bounces were not a pattern. Writes only when there were some."""
    connection.execute(
        update(subscriptions)
        .where(subscriptions.c.id == subscription_id, subscriptions.c.bounce_count > 0)
        .values(bounce_count=0)
    )
