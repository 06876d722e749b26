"""Following an upstream's daily lists (Hugging Face's, or another dailypapers instance's): pull a range of days,
each day fetched whole, then written in one transaction, so a pull stopped at any point and run again ends with
every entry once. Local curation wins: a paper a curator removed from a day is not put back, pins are not
touched, and an entry the upstream drops is marked, never deleted (docs/upstream.md)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.domain.upstream import REPULLED_DAYS, DayReport, SkippedItem, UpstreamExtras, UpstreamItem
from dailypapers.services.errors import InvalidInput
from dailypapers.sources.fields import RecordError
from dailypapers.sources.upstream_api import UpstreamUnavailable
from dailypapers.sources.upstream_items import parse_item
from dailypapers.store import curation_log, upstream_writes
from dailypapers.store import upstream as upstream_store
from dailypapers.store.daily_writes import add_daily_entries
from dailypapers.store.paper_writes import upsert_papers

log = logging.getLogger(__name__)
MAX_DAYS = 3660  # ten years of lists in one pull; a range past that is a typo


class DaySource(Protocol):
    """Where a day's raw items come from: sources/upstream_api.UpstreamClient, or anything that answers alike."""

    def fetch_day(self, day: date) -> list[object]: ...


@dataclass(slots=True)
class PullReport:
    start: date
    end: date  # inclusive
    days: list[DayReport] = field(default_factory=list)
    failure: str | None = None  # why the pull stopped before `end`; the next pull starts again there

    @property
    def complete(self) -> bool:
        return self.failure is None

    @property
    def items(self) -> int:
        return sum(day.items for day in self.days)

    @property
    def added(self) -> int:
        return sum(day.added for day in self.days)

    @property
    def counts_changed(self) -> int:
        return sum(day.counts_changed for day in self.days)

    @property
    def dropped(self) -> int:
        return sum(day.dropped for day in self.days)

    @property
    def kept_removed(self) -> int:
        return sum(day.kept_removed for day in self.days)

    @property
    def skipped(self) -> list[SkippedItem]:
        return [item for day in self.days for item in day.skipped]

    def summary(self) -> str:
        said = (
            f"{len(self.days):,} day(s) of {self.start}..{self.end} pulled: {self.items:,} items, "
            f"{self.added:,} entries added, {self.counts_changed:,} papers' counts changed, "
            f"{self.dropped:,} marked dropped, {self.kept_removed:,} left off as removed here, "
            f"{len(self.skipped):,} malformed item(s) skipped"
        )
        return said if self.failure is None else f"{said}; stopped: {self.failure}"


def default_range(db: Database, *, today: date) -> tuple[date, date]:
    """The days since the last day pulled to the end, and the two before it again (their counts still move);
    the last two days on a first pull."""
    with db.reading() as connection:
        latest = upstream_store.get_latest_pulled_day(connection)
    start = (latest if latest is not None and latest <= today else today) - timedelta(days=REPULLED_DAYS)
    return start, today


def check_range(start: date, end: date, *, today: date) -> None:
    errors = {}
    if start > end:
        errors["from"] = f"--from {start} is after --until {end}"
    elif (end - start).days >= MAX_DAYS:
        errors["from"] = f"{start}..{end} is more than {MAX_DAYS:,} days; pull it in parts"
    if end > today + timedelta(days=1):
        errors["until"] = f"--until {end} is in the future (today is {today})"
    if errors:
        raise InvalidInput(errors)


def pull_upstream(
    db: Database,
    *,
    source: DaySource,
    start: date | None = None,
    end: date | None = None,
    clock: Clock = utc_now,
    on_day: Callable[[DayReport, int, int], None] | None = None,
    on_skip: Callable[[SkippedItem], None] | None = None,
) -> PullReport:
    """Pull [start, end], oldest day first; `start` None is two days before the last day pulled whole, `end` None
    today. A day the upstream keeps failing on stops the pull (the report says why); the days before it are kept."""
    today = clock().date()
    if start is None:
        start = default_range(db, today=today)[0]
    end = end or today
    check_range(start, end, today=today)
    report = PullReport(start, end)
    total = (end - start).days + 1
    for index in range(total):
        day = start + timedelta(days=index)
        try:
            raw_items = source.fetch_day(day)
        except UpstreamUnavailable as error:
            report.failure = str(error)
            log.warning("upstream pull stopped at %s: %s", day, error)
            break
        day_report = _pull_day(db, day=day, raw_items=raw_items, clock=clock, on_skip=on_skip)
        report.days.append(day_report)
        if on_day is not None:
            on_day(day_report, index + 1, total)
    return report


def _pull_day(
    db: Database,
    *,
    day: date,
    raw_items: list[object],
    clock: Clock,
    on_skip: Callable[[SkippedItem], None] | None,
) -> DayReport:
    report = DayReport(day, items=len(raw_items))
    items: dict[str, UpstreamItem] = {}
    for position, raw in enumerate(raw_items, 1):
        try:
            item = parse_item(raw, day=day, position=position)
        except RecordError as error:
            skipped = SkippedItem(day, position, str(error))
            report.skipped.append(skipped)
            log.warning("upstream item skipped: %s", skipped)
            if on_skip is not None:
                on_skip(skipped)
            continue
        items.setdefault(item.paper.arxiv_id, item)  # listed twice: its first place counts
    now = clock()
    with db.transaction() as connection:
        result = upsert_papers(connection, [item.paper for item in items.values()], now=now)
        ids = {arxiv_id: result.paper_ids[arxiv_id] for arxiv_id in items}
        removed = curation_log.list_removed_paper_ids(connection, day=day)
        kept = {arxiv_id: item for arxiv_id, item in items.items() if ids[arxiv_id] not in removed}
        counts = {ids[a]: (item.daily.upvote_count, item.daily.comment_count) for a, item in items.items()}
        report.counts_changed = upstream_writes.set_upstream_counts(connection, counts=counts)
        entries = [
            (day, ids[arxiv_id], item.daily.added_at, item.daily.submitter_name) for arxiv_id, item in kept.items()
        ]
        report.added = add_daily_entries(connection, entries=entries)
        positions = {ids[arxiv_id]: item.position for arxiv_id, item in kept.items()}
        report.moved, report.dropped = upstream_writes.set_upstream_places(
            connection, day=day, positions=positions, now=now
        )
        upstream_writes.save_upstream_extras(
            connection, extras={ids[a]: item.extras for a, item in items.items()}, now=now
        )
        upstream_writes.record_pulled_day(connection, day=day, entry_count=len(kept), now=now)
    report.kept_removed = len(items) - len(kept)
    return report


def get_extras(db: Database, *, paper_id: int) -> UpstreamExtras | None:
    with db.reading() as connection:
        return upstream_store.get_upstream_extras(connection, paper_id=paper_id)
