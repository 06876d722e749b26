"""The daily lists, read: which papers were on which day, each paper's days, a member's entries of a day, the
pinned order, and the days around a given one. Writes are in store/daily_writes.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, Row, Select, func, or_, select

from dailypapers.db.schema import daily_entries, papers, users
from dailypapers.domain.papers import DailyEntry
from dailypapers.domain.users import MemberRef
from dailypapers.store.papers import PAPER_COLUMNS, papers_from_rows

DailySort = Literal["upvotes", "added"]


def list_daily_entries(
    connection: Connection,
    *,
    start: date,
    end: date,
    sort: DailySort,
    offset: int,
    limit: int,
    submitter: str | None = None,
) -> list[DailyEntry]:
    """The entries of days in [start, end) (of one submitter's, when given), each paper once (its first day in the
    range): pinned first, in their curator's order, then the rest by `sort`."""
    firsts = select_first_entries(start=start, end=end, submitter=submitter).subquery()
    order = (
        [papers.c.upvote_count.desc(), daily_entries.c.added_at.asc()]
        if sort == "upvotes"
        else [daily_entries.c.added_at.desc()]
    )
    query = (
        select_entries()
        .where(daily_entries.c.id.in_(select(firsts.c.id)))
        .order_by(daily_entries.c.pinned.desc(), daily_entries.c.position.asc().nulls_last(), *order, papers.c.id)
        .offset(offset)
        .limit(limit)
    )
    return entries_from_rows(connection, connection.execute(query).all())


def select_entries() -> Select[Any]:
    """Entries with their papers and submitting members; callers add the WHERE and ORDER BY."""
    return (
        select(
            daily_entries.c.id.label("entry_id"),
            daily_entries.c.day,
            daily_entries.c.added_at,
            daily_entries.c.submitter_name,
            daily_entries.c.pinned,
            daily_entries.c.position,
            daily_entries.c.submission_comment,
            daily_entries.c.upstream_position,
            daily_entries.c.upstream_dropped_at,
            users.c.id.label("member_id"),
            users.c.username.label("member_username"),
            users.c.display_name.label("member_display_name"),
            *PAPER_COLUMNS,
        )
        .join(papers, papers.c.id == daily_entries.c.paper_id)
        .outerjoin(users, users.c.id == daily_entries.c.submitted_by)
    )


def entries_from_rows(connection: Connection, rows: Sequence[Row[Any]]) -> list[DailyEntry]:
    return [
        DailyEntry(
            id=row.entry_id,
            day=row.day,
            added_at=row.added_at,
            submitter_name=row.submitter_name,
            pinned=row.pinned,
            paper=paper,
            submitted_by=(
                MemberRef(row.member_id, row.member_username, row.member_display_name)
                if row.member_id is not None
                else None
            ),
            comment=row.submission_comment,
            position=row.position,
            upstream_position=row.upstream_position,
            upstream_dropped_at=row.upstream_dropped_at,
        )
        for row, paper in zip(rows, papers_from_rows(connection, rows), strict=True)
    ]


def count_daily_papers(connection: Connection, *, start: date, end: date, submitter: str | None = None) -> int:
    firsts = select_first_entries(start=start, end=end, submitter=submitter).subquery()
    return connection.execute(select(func.count()).select_from(firsts)).scalar_one()


def get_latest_day(connection: Connection) -> date | None:
    return _day(connection, select(func.max(daily_entries.c.day)))


def get_day_before(connection: Connection, *, day: date) -> date | None:
    """The latest day with papers strictly before `day`."""
    return _day(connection, select(func.max(daily_entries.c.day)).where(daily_entries.c.day < day))


def get_day_after(connection: Connection, *, day: date) -> date | None:
    """The earliest day with papers on or after `day`."""
    return _day(connection, select(func.min(daily_entries.c.day)).where(daily_entries.c.day >= day))


def select_first_entries(
    *, start: date, end: date, added_by: datetime | None = None, submitter: str | None = None
) -> Select[tuple[int]]:
    """The ids of each paper's first entry on the days in [start, end) (added by `added_by`, submitted by
    `submitter`, when given): the entries a list of those days shows, however it is sorted."""
    query = select(func.min(daily_entries.c.id).label("id")).where(
        daily_entries.c.day >= start, daily_entries.c.day < end
    )
    if added_by is not None:
        query = query.where(daily_entries.c.added_at <= added_by)
    if submitter is not None:
        query = query.where(_submitted_by(submitter))
    return query.group_by(daily_entries.c.paper_id)


def _submitted_by(name: str) -> ColumnElement[bool]:
    """A member's entries by username, or an imported archive's by the submitter it names; as usernames are,
    without regard to case."""
    folded = name.lower()
    members = select(users.c.id).where(func.lower(users.c.username) == folded)
    return or_(func.lower(daily_entries.c.submitter_name) == folded, daily_entries.c.submitted_by.in_(members))


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


def list_pinned_entry_ids(connection: Connection, *, day: date) -> list[int]:
    """The day's pinned entries in their order."""
    query = (
        select(daily_entries.c.id)
        .where(daily_entries.c.day == day, daily_entries.c.pinned.is_(True))
        .order_by(daily_entries.c.position.asc().nulls_last(), daily_entries.c.id)
    )
    return list(connection.execute(query).scalars())


def _day(connection: Connection, query: Select[Any]) -> date | None:
    found: date | None = connection.execute(query).scalar_one()
    return found
