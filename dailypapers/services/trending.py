"""The trending list: papers on a daily list within a window, ranked by decayed upvotes, comments and code.

Now, the ranking reads the trending key kept on each paper row. For an earlier "as of" time it sums the events
up to that time instead, so a vote cast today does not change what was trending in August. When nothing was added
in the window (a demo whose archive ended months ago), the list falls back to the window ending at the latest
addition, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.papers import DailyEntry
from dailypapers.domain.periods import Period
from dailypapers.domain.trending import COMMENT_WEIGHT, VOTE_WEIGHT, Contribution, Explanation, code_bonus, decay
from dailypapers.store import trending as trending_store
from dailypapers.store.trending import EventSummary

# One label per bucket of store.trending_store.VOTE_AGE_BUCKETS, and one for the votes older than all of them.
VOTE_AGE_LABELS = ("upvotes in the last 24 hours", "upvotes 1–3 days old", "upvotes 3–7 days old", "older upvotes")


@dataclass(frozen=True, slots=True)
class TrendingItem:
    entry: DailyEntry
    score: float
    explanation: Explanation


@dataclass(frozen=True, slots=True)
class TrendingList:
    items: list[TrendingItem]
    at: datetime  # the time the scores are for
    start: date  # the window's days, [start, end)
    end: date
    requested_at: datetime  # what was asked for; differs from `at` after a fall-back
    fell_back: bool  # the window asked for had no papers: this is the window up to the latest addition
    offset: int
    has_more: bool


def get_trending(
    db: Database,
    *,
    now: datetime,
    window_days: int,
    as_of: date | None = None,
    offset: int = 0,
    limit: int = 50,
    submitter: str | None = None,
) -> TrendingList:
    """Trending over the `window_days` list days ending with `as_of` (default: today), scored at its end."""
    requested = now if as_of is None or as_of >= now.date() else _day_end(as_of)
    at, fell_back = requested, False
    with db.reading() as connection:
        latest = trending_store.get_latest_entry_time(connection, before=requested)
        last_day = _last_day(requested)
        if latest is not None and latest.date() <= last_day - timedelta(days=window_days):
            # The window ends with the day of the latest addition, even one made at midnight.
            at, last_day, fell_back = latest, latest.date(), True
        end = last_day + timedelta(days=1)
        start = end - timedelta(days=window_days)
        return _rank(
            connection,
            start=start,
            end=end,
            at=at,
            now=now,
            offset=offset,
            limit=limit,
            requested=requested,
            fell_back=fell_back,
            added_by=at,
            submitter=submitter,
        )


def get_period_trending(
    db: Database, *, period: Period, now: datetime, offset: int = 0, limit: int = 50, submitter: str | None = None
) -> TrendingList:
    """A day's, week's or month's papers by trending score at the period's end (or now, if sooner)."""
    at = min(now, datetime.combine(period.end, time(), tzinfo=UTC))
    with db.reading() as connection:
        return _rank(
            connection,
            start=period.start,
            end=period.end,
            at=at,
            now=now,
            offset=offset,
            limit=limit,
            requested=at,
            fell_back=False,
            added_by=None,  # the period's whole list, as its daily page shows it: sorting never filters
            submitter=submitter,
        )


def _rank(
    connection: Connection,
    *,
    start: date,
    end: date,
    at: datetime,
    now: datetime,
    offset: int,
    limit: int,
    requested: datetime,
    fell_back: bool,
    added_by: datetime | None,
    submitter: str | None,
) -> TrendingList:
    rows = trending_store.list_trending(
        connection,
        start=start,
        end=end,
        at=at,
        live=at >= now,
        offset=offset,
        limit=limit + 1,
        added_by=added_by,
        submitter=submitter,
    )
    shown = rows[:limit]
    ids = [row.entry.paper.id for row in shown]
    votes = trending_store.summarise_votes(connection, paper_ids=ids, at=at)
    comments = trending_store.summarise_comments(connection, paper_ids=ids, at=at)
    imported = trending_store.get_imported_terms(connection, paper_ids=ids)
    items = []
    for row in shown:
        paper = row.entry.paper
        upvotes, joined_at = imported.get(paper.id, (0, None))
        explanation = explain(
            score=row.score,
            votes=votes.get(paper.id, []),
            comments=comments.get(paper.id, []),
            imported_upvotes=upvotes,
            stars=paper.github_stars,
            joined_at=joined_at,
            at=at,
        )
        items.append(TrendingItem(row.entry, row.score, explanation))
    return TrendingList(items, at, start, end, requested, fell_back, offset, has_more=len(rows) > limit)


def explain(
    *,
    score: float,
    votes: list[EventSummary],
    comments: list[EventSummary],
    imported_upvotes: int,
    stars: int | None,
    joined_at: datetime | None,
    at: datetime,
) -> Explanation:
    """What each kind of event adds to the score at `at`: the lines of "why is this here"."""
    lines = []
    by_bucket = {summary.bucket: summary for summary in votes}
    for bucket, label in enumerate(VOTE_AGE_LABELS):
        if bucket in by_bucket:
            summary = by_bucket[bucket]
            lines.append(Contribution(label, summary.count, VOTE_WEIGHT * summary.decayed))
    if joined_at is not None and joined_at <= at:
        carried = decay(event_at=joined_at, at=at)
        if imported_upvotes:
            label = (
                "upvotes brought from outside (an imported archive or the followed upstream), counted at joining the "
                f"list on {joined_at:%d %b %Y}"
            )
            lines.append(Contribution(label, imported_upvotes, VOTE_WEIGHT * imported_upvotes * carried))
        if stars:
            lines.append(Contribution("GitHub stars when it joined the list", stars, code_bonus(stars) * carried))
    for summary in comments:
        lines.append(Contribution("comments", summary.count, COMMENT_WEIGHT * summary.decayed))
    return Explanation(score, tuple(lines))


def _last_day(moment: datetime) -> date:
    """The last list day a moment closes: midnight closes the day before it."""
    return (moment - timedelta(microseconds=1)).date()


def _day_end(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)
