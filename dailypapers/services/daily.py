"""The daily list by day, ISO week or month, with the nearest periods that have papers on either side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dailypapers.db.engine import Database
from dailypapers.domain.papers import DailyEntry
from dailypapers.domain.periods import Period, day_period, period_of
from dailypapers.store import daily as daily_store
from dailypapers.store.daily import DailySort


@dataclass(frozen=True, slots=True)
class DailyList:
    period: Period | None  # None: every day there is
    entries: list[DailyEntry]
    total: int
    offset: int
    limit: int
    previous: Period | None
    next: Period | None
    nearest_day: date | None  # when the period is empty: the closest day that has papers

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.entries) < self.total


def get_daily_list(
    db: Database,
    *,
    period: Period | None,
    sort: DailySort,
    offset: int = 0,
    limit: int = 50,
    submitter: str | None = None,
) -> DailyList:
    """`submitter` (a username, or the name an imported archive gives) keeps that submitter's entries only."""
    start, end = (period.start, period.end) if period else (date.min, date.max)
    with db.reading() as connection:
        entries = daily_store.list_daily_entries(
            connection, start=start, end=end, sort=sort, offset=offset, limit=limit, submitter=submitter
        )
        total = daily_store.count_daily_papers(connection, start=start, end=end, submitter=submitter)
        previous = next_ = nearest = None
        if period is not None:
            before = daily_store.get_day_before(connection, day=period.start)
            after = daily_store.get_day_after(connection, day=period.end)
            previous = period_of(period.kind, before) if before else None
            next_ = period_of(period.kind, after) if after else None
            if total == 0:
                nearest = _nearest(period.start, before, after)
    return DailyList(period, entries, total, offset, limit, previous, next_, nearest)


def get_latest_day(db: Database) -> Period | None:
    """The most recent day with papers, which is what the front page shows."""
    with db.reading() as connection:
        latest = daily_store.get_latest_day(connection)
    return day_period(latest) if latest else None


def list_paper_entries(db: Database, *, paper_id: int) -> list[DailyEntry]:
    """Every day's list the paper was on, earliest first, with who submitted it and what they said."""
    with db.reading() as connection:
        return daily_store.list_paper_entries(connection, paper_id=paper_id)


def _nearest(day: date, before: date | None, after: date | None) -> date | None:
    if before is None or after is None:
        return before or after
    return before if (day - before) <= (after - day) else after
