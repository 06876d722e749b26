"""The digest ledger: digest rows and their papers, and the state changes of sending, each one statement.

Every change of a row being sent is fenced on `claimed_by`, so a run that lost its lease cannot mark a row that
another run has taken over.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import digest_papers, digests, subscriptions
from dailypapers.domain.digest_picks import Pick, Section
from dailypapers.domain.digests import DigestStatus, QueuedDigest
from dailypapers.domain.subscriptions import Cadence
from dailypapers.store.subscriptions import receiving_digests


def insert_digests(connection: Connection, *, rows: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """Add digest rows (subscription_id, cadence, send_date, period_start, period_end, message_id, now); a
    subscription that has a digest for that send date keeps it. Returns {subscription id: new digest id} for the
    rows really added, recognised by the message ids this call made up."""
    if not rows:
        return {}
    values = [
        {
            "subscription_id": row["subscription_id"],
            "cadence": row["cadence"],
            "send_date": row["send_date"],
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "message_id": row["message_id"],
            "status": DigestStatus.PENDING.value,
            "next_attempt_at": row["now"],
            "created_at": row["now"],
        }
        for row in rows
    ]
    connection.execute(insert_ignoring_conflicts(connection, digests), values)
    ours = {row["message_id"]: row["subscription_id"] for row in rows}
    found = connection.execute(
        select(digests.c.id, digests.c.message_id).where(digests.c.message_id.in_(list(ours)))
    ).all()
    return {ours[message_id]: digest_id for digest_id, message_id in found}


def insert_digest_papers(connection: Connection, *, picks_by_digest: Mapping[int, tuple[int, Sequence[Pick]]]) -> None:
    """Record each digest's papers ({digest id: (subscription id, picks)}). A paper some earlier digest already
    gave the subscriber is skipped by the unique key rather than sent twice."""
    rows = [
        {
            "digest_id": digest_id,
            "position": position,
            "subscription_id": subscription_id,
            "paper_id": pick.paper_id,
            "section": pick.section.value,
            "reason": pick.reason,
        }
        for digest_id, (subscription_id, picks) in picks_by_digest.items()
        for position, pick in enumerate(picks)
    ]
    if rows:
        connection.execute(insert_ignoring_conflicts(connection, digest_papers), rows)


def list_sent_papers(
    connection: Connection, *, subscription_ids: Collection[int], paper_ids: Collection[int]
) -> dict[int, set[int]]:
    """Which of these papers each subscription has been given already."""
    sent: dict[int, set[int]] = defaultdict(set)
    if not subscription_ids or not paper_ids:
        return sent
    query = select(digest_papers.c.subscription_id, digest_papers.c.paper_id).where(
        digest_papers.c.subscription_id.in_(list(subscription_ids)), digest_papers.c.paper_id.in_(list(paper_ids))
    )
    for subscription_id, paper_id in connection.execute(query):
        sent[subscription_id].add(paper_id)
    return sent


def list_sendable_digests(connection: Connection, *, now: datetime, after_id: int, limit: int) -> list[QueuedDigest]:
    """Pending digests whose time has come, of subscriptions still receiving, in id order from `after_id`."""
    query = (
        select(
            digests.c.id,
            digests.c.subscription_id,
            subscriptions.c.email,
            digests.c.cadence,
            digests.c.send_date,
            digests.c.period_start,
            digests.c.period_end,
            digests.c.message_id,
            digests.c.attempt_count,
            subscriptions.c.bounce_count,
        )
        .join(subscriptions, subscriptions.c.id == digests.c.subscription_id)
        .where(
            digests.c.id > after_id,
            digests.c.status == DigestStatus.PENDING.value,
            digests.c.next_attempt_at <= now,
            receiving_digests(),
        )
        .order_by(digests.c.id)
        .limit(limit)
    )
    rows = connection.execute(query).all()
    picks = _list_picks(connection, digest_ids=[row.id for row in rows])
    return [
        QueuedDigest(
            id=row.id,
            subscription_id=row.subscription_id,
            email=row.email,
            cadence=Cadence(row.cadence),
            send_date=row.send_date,
            period_start=row.period_start,
            period_end=row.period_end,
            message_id=row.message_id,
            attempt_count=row.attempt_count,
            bounce_count=row.bounce_count,
            picks=tuple(picks[row.id]),
        )
        for row in rows
    ]


def cancel_unreceived_digests(connection: Connection, *, subscription_id: int | None = None) -> int:
    """Cancel pending digests of subscriptions that no longer receive digests (or of the one given)."""
    not_receiving = select(subscriptions.c.id).where(~receiving_digests())
    target = (
        digests.c.subscription_id == subscription_id
        if subscription_id is not None
        else digests.c.subscription_id.in_(not_receiving)
    )
    statement = (
        update(digests)
        .where(digests.c.status == DigestStatus.PENDING.value, target)
        .values(status=DigestStatus.CANCELLED.value)
    )
    return connection.execute(statement).rowcount


def release_in_doubt(connection: Connection, *, holder: str, now: datetime) -> list[int]:
    """Put back to pending the digests another run was sending when it stopped: it may or may not have handed
    them to the server. Called only by the holder of the sending lease, so that run is gone."""
    statement = (
        update(digests)
        .where(digests.c.status == DigestStatus.SENDING.value, digests.c.claimed_by != holder)
        .values(
            status=DigestStatus.PENDING.value,
            next_attempt_at=now,
            last_error="the run sending it stopped before recording the outcome; resent with the same Message-ID",
        )
        .returning(digests.c.id)
    )
    return list(connection.execute(statement).scalars())


def start_sending(connection: Connection, *, digest_id: int, holder: str, now: datetime) -> bool:
    """Claim a pending digest for this attempt; False when it is no longer pending (cancelled meanwhile)."""
    statement = (
        update(digests)
        .where(digests.c.id == digest_id, digests.c.status == DigestStatus.PENDING.value)
        .values(
            status=DigestStatus.SENDING.value,
            claimed_by=holder,
            attempt_count=digests.c.attempt_count + 1,
            last_attempt_at=now,
        )
    )
    return connection.execute(statement).rowcount == 1


def finish_sending(
    connection: Connection,
    *,
    digest_id: int,
    holder: str,
    status: DigestStatus,
    now: datetime,
    error: str | None = None,
    next_attempt_at: datetime | None = None,
) -> bool:
    """Record the outcome of this run's attempt: sent, failed, or pending again until `next_attempt_at`."""
    values: dict[str, Any] = {"status": status.value, "last_error": error}
    if status is DigestStatus.SENT:
        values["sent_at"] = now
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    statement = (
        update(digests)
        .where(
            digests.c.id == digest_id,
            digests.c.claimed_by == holder,
            digests.c.status == DigestStatus.SENDING.value,
        )
        .values(**values)
    )
    return connection.execute(statement).rowcount == 1


def count_sendable_digests(connection: Connection, *, now: datetime) -> int:
    """How many digests `list_sendable_digests` would go through now."""
    query = (
        select(func.count())
        .select_from(digests.join(subscriptions, subscriptions.c.id == digests.c.subscription_id))
        .where(digests.c.status == DigestStatus.PENDING.value, digests.c.next_attempt_at <= now, receiving_digests())
    )
    return connection.execute(query).scalar_one()


def commit_without_waiting_for_disk(connection: Connection, *, enabled: bool) -> None:
    """For the connection a sending run holds: one commit per email is the price of a one-email window of doubt,
    and an fsync per commit would make it several times dearer on PostgreSQL. Without it, only a crash of the
    database server itself (not of this process) can lose the last moment's marks, and what it loses is resent
    with the same Message-ID. SQLite in WAL mode with synchronous=NORMAL (db/engine.py) already commits this way."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET synchronous_commit TO OFF" if enabled else "RESET synchronous_commit")


def _list_picks(connection: Connection, *, digest_ids: Sequence[int]) -> dict[int, list[Pick]]:
    picks: dict[int, list[Pick]] = defaultdict(list)
    if not digest_ids:
        return picks
    query = (
        select(digest_papers.c.digest_id, digest_papers.c.paper_id, digest_papers.c.section, digest_papers.c.reason)
        .where(digest_papers.c.digest_id.in_(list(digest_ids)))
        .order_by(digest_papers.c.digest_id, digest_papers.c.position)
    )
    for digest_id, paper_id, section, reason in connection.execute(query):
        picks[digest_id].append(Pick(paper_id, Section(section), reason))
    return picks


def count_sent_digests(connection: Connection) -> int:
    """Digests delivered, ever: a count that only grows, for `/metrics`."""
    return int(
        connection.execute(select(func.count()).select_from(digests).where(digests.c.status == "sent")).scalar_one()
    )
