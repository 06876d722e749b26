"""One day's entries, one at a time: added by members and curators, pinned and ordered, removed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, delete, func, select, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import daily_entries
from dailypapers.domain.papers import DailyEntry
from dailypapers.store.daily import entries_from_rows, select_entries


def insert_daily_entry(
    connection: Connection,
    *,
    day: date,
    paper_id: int,
    added_at: datetime,
    submitted_by: int | None,
    comment: str | None,
) -> int | None:
    """The new entry's id, or None when the paper is on that day's list already (whoever got there first)."""
    statement = (
        insert_ignoring_conflicts(connection, daily_entries)
        .values(day=day, paper_id=paper_id, added_at=added_at, submitted_by=submitted_by, submission_comment=comment)
        .returning(daily_entries.c.id)
    )
    entry_id: int | None = connection.execute(statement).scalar_one_or_none()
    return entry_id


def get_daily_entry(connection: Connection, *, day: date, paper_id: int) -> DailyEntry | None:
    query = select_entries().where(daily_entries.c.day == day, daily_entries.c.paper_id == paper_id)
    found = entries_from_rows(connection, connection.execute(query).all())
    return found[0] if found else None


def list_paper_entries(connection: Connection, *, paper_id: int) -> list[DailyEntry]:
    """Every day the paper was on the list, earliest first."""
    query = select_entries().where(daily_entries.c.paper_id == paper_id).order_by(daily_entries.c.day)
    return entries_from_rows(connection, connection.execute(query).all())


def count_member_entries(connection: Connection, *, user_id: int, day: date) -> int:
    query = select(func.count()).where(daily_entries.c.submitted_by == user_id, daily_entries.c.day == day)
    return connection.execute(query).scalar_one()


def lock_day(connection: Connection, *, day: date) -> None:
    """Hold the day's entry rows until the transaction ends, so two curators reordering it take turns
    (PostgreSQL; SQLite's write transactions are serial already)."""
    connection.execute(select(daily_entries.c.id).where(daily_entries.c.day == day).with_for_update())


def list_pinned_entry_ids(connection: Connection, *, day: date) -> list[int]:
    """The day's pinned entries in their order."""
    query = (
        select(daily_entries.c.id)
        .where(daily_entries.c.day == day, daily_entries.c.pinned.is_(True))
        .order_by(daily_entries.c.position.asc().nulls_last(), daily_entries.c.id)
    )
    return list(connection.execute(query).scalars())


def set_pinned_order(connection: Connection, *, day: date, entry_ids: Sequence[int]) -> None:
    """Pin exactly `entry_ids` on `day`, at positions 1, 2, ... in that order; unpin the day's others."""
    connection.execute(
        update(daily_entries)
        .where(daily_entries.c.day == day, daily_entries.c.id.not_in(entry_ids), daily_entries.c.pinned.is_(True))
        .values(pinned=False, position=None)
    )
    if entry_ids:
        statement = (
            update(daily_entries)
            .where(daily_entries.c.id == bindparam("entry_id"))
            .values(pinned=True, position=bindparam("new_position"))
        )
        connection.execute(
            statement, [{"entry_id": entry_id, "new_position": index} for index, entry_id in enumerate(entry_ids, 1)]
        )


def delete_daily_entry(connection: Connection, *, entry_id: int) -> bool:
    return connection.execute(delete(daily_entries).where(daily_entries.c.id == entry_id)).rowcount > 0
