"""The daily lists, written: entries added in bulk by imports and one at a time by members and curators, pinned
and ordered, removed. A day's writes take the day's lock (`lock_day`) where they count or order its entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, delete, select, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import daily_entries
from dailypapers.store.trending_writes import refresh_trending_bases


def add_daily_entries(connection: Connection, *, entries: Sequence[tuple[date, int, datetime, str | None]]) -> int:
    """Add (day, paper id, added at, submitter) entries; a paper already on that day keeps its entry."""
    if not entries:
        return 0
    rows = [
        {"day": day, "paper_id": paper_id, "added_at": added_at, "submitter_name": submitter}
        for day, paper_id, added_at, submitter in entries
    ]
    # RETURNING counts the rows really added on both dialects; executemany's rowcount does not on psycopg.
    statement = insert_ignoring_conflicts(connection, daily_entries).returning(daily_entries.c.paper_id)
    added = connection.execute(statement, rows).scalars().all()
    refresh_trending_bases(connection, paper_ids=added)  # a paper's imported upvotes count from when it joined
    return len(added)


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


def lock_day(connection: Connection, *, day: date) -> None:
    """Hold the day's entry rows until the transaction ends, so two curators reordering it take turns
    (PostgreSQL; SQLite's write transactions are serial already)."""
    connection.execute(select(daily_entries.c.id).where(daily_entries.c.day == day).with_for_update())


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
