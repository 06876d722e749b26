"""Leases: a named right to run something, held by one holder until it expires. Taken and renewed by single
UPDATEs, so two contenders cannot both succeed: the database decides, on either dialect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, or_, select, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import leases

_NEVER = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LeaseRow:
    name: str
    holder: str | None
    acquired_at: datetime | None
    expires_at: datetime


def take_lease(connection: Connection, *, name: str, holder: str, now: datetime, expires_at: datetime) -> bool:
    """Take the lease when it is free, expired, or this holder's already."""
    connection.execute(insert_ignoring_conflicts(connection, leases).values(name=name, expires_at=_NEVER))
    statement = (
        update(leases)
        .where(
            leases.c.name == name,
            or_(leases.c.holder.is_(None), leases.c.expires_at <= now, leases.c.holder == holder),
        )
        .values(holder=holder, acquired_at=now, expires_at=expires_at)
    )
    return connection.execute(statement).rowcount == 1


def renew_lease(connection: Connection, *, name: str, holder: str, now: datetime, expires_at: datetime) -> bool:
    """Extend the lease while this holder still has it (and it has not lapsed to another)."""
    statement = (
        update(leases)
        .where(leases.c.name == name, leases.c.holder == holder, leases.c.expires_at > now)
        .values(expires_at=expires_at)
    )
    return connection.execute(statement).rowcount == 1


def release_lease(connection: Connection, *, name: str, holder: str) -> None:
    connection.execute(
        update(leases).where(leases.c.name == name, leases.c.holder == holder).values(holder=None, expires_at=_NEVER)
    )


def list_leases(connection: Connection) -> list[LeaseRow]:
    return [LeaseRow(*row) for row in connection.execute(select(leases).order_by(leases.c.name))]
