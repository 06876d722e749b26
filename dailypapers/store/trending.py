"""Reading the trending list: ranked by the stored key now, or by the same sum over events for an earlier time.

Both rank only the candidates, the papers on a daily list within the window, found through the
(day, paper_id) index of daily_entries; nothing about other papers is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, literal, select

from dailypapers.db.dialect import epoch_seconds, greatest
from dailypapers.db.schema import comments, daily_entries, papers, votes
from dailypapers.domain.papers import DailyEntry
from dailypapers.domain.trending import COMMENT_WEIGHT, TAU_SECONDS, VOTE_WEIGHT, score_at, time_exponent
from dailypapers.store.daily import entries_from_rows, select_entries, select_first_entries

# Ages "why is this here" groups upvotes by: under a day, one to three days, three to seven, older.
VOTE_AGE_BUCKETS = (timedelta(days=1), timedelta(days=3), timedelta(days=7))


@dataclass(frozen=True, slots=True)
class TrendingRow:
    entry: DailyEntry  # the paper's first entry in the window, as on the daily list
    score: float


@dataclass(frozen=True, slots=True)
class EventSummary:
    """Events of one kind (and, for upvotes, one age bucket) of one paper: how many, and Σ 2^(−age/h)."""

    bucket: int
    count: int
    decayed: float


def list_trending(
    connection: Connection,
    *,
    start: date,
    end: date,
    at: datetime,
    live: bool,
    offset: int,
    limit: int,
    added_by: datetime | None = None,
    submitter: str | None = None,
) -> list[TrendingRow]:
    """The entries of the lists of [start, end) — the same entries the daily list shows, or only those added by
    `added_by` — by score at `at`, highest first. Ranking orders the list; it drops nothing, so a paper with no
    score yet comes last.

    `submitter` keeps one submitter's entries (`store.daily.select_first_entries`).
    `live`: `at` is now, and the stored trending key already sums every event; otherwise the score is summed
    from the events up to `at` (later votes and comments do not count).
    """
    firsts = select_first_entries(start=start, end=end, added_by=added_by, submitter=submitter).subquery()
    ranking: ColumnElement[Any] = papers.c.trending_key if live else _score_from_events(connection, at=at)
    query = (
        select_entries()
        .add_columns(ranking.label("ranking"))
        .join(firsts, firsts.c.id == daily_entries.c.id)
        .order_by(ranking.desc().nulls_last(), papers.c.id)
        .offset(offset)
        .limit(limit)
    )
    rows = connection.execute(query).all()
    return [
        TrendingRow(entry, score_at(row.ranking, at=at) if live else float(row.ranking))
        for row, entry in zip(rows, entries_from_rows(connection, rows), strict=True)
    ]


def get_latest_entry_time(connection: Connection, *, before: datetime) -> datetime | None:
    """When the last paper was added to a list, at or before `before`."""
    latest: datetime | None = connection.execute(
        select(func.max(daily_entries.c.added_at)).where(daily_entries.c.added_at <= before)
    ).scalar_one()
    return latest


def summarise_votes(connection: Connection, *, paper_ids: list[int], at: datetime) -> dict[int, list[EventSummary]]:
    """Each paper's local upvotes up to `at`, by age bucket (0: under a day ... 3: a week or more)."""
    bucket = case(
        *[(votes.c.created_at > at - age, index) for index, age in enumerate(VOTE_AGE_BUCKETS)],
        else_=len(VOTE_AGE_BUCKETS),
    )
    query = (
        select(
            votes.c.paper_id, bucket.label("bucket"), func.count(), func.sum(_decay(connection, votes.c.created_at, at))
        )
        .where(votes.c.paper_id.in_(paper_ids), votes.c.created_at <= at)
        .group_by(votes.c.paper_id, bucket)
    )
    return _by_paper(connection.execute(query).all())


def summarise_comments(connection: Connection, *, paper_ids: list[int], at: datetime) -> dict[int, list[EventSummary]]:
    """Each paper's visible comments up to `at` (one bucket)."""
    query = (
        select(comments.c.paper_id, literal(0), func.count(), func.sum(_decay(connection, comments.c.created_at, at)))
        .where(comments.c.paper_id.in_(paper_ids), comments.c.created_at <= at, *_visible())
        .group_by(comments.c.paper_id)
    )
    return _by_paper(connection.execute(query).all())


def _score_from_events(connection: Connection, *, at: datetime) -> ColumnElement[Any]:
    vote_sum = (
        select(func.sum(_decay(connection, votes.c.created_at, at)))
        .where(votes.c.paper_id == papers.c.id, votes.c.created_at <= at)
        .correlate(papers)
        .scalar_subquery()
    )
    comment_sum = (
        select(func.sum(_decay(connection, comments.c.created_at, at)))
        .where(comments.c.paper_id == papers.c.id, comments.c.created_at <= at, *_visible())
        .correlate(papers)
        .scalar_subquery()
    )
    base = _safe_exp(connection, papers.c.trending_base - time_exponent(at))
    return (
        func.coalesce(base, 0.0)
        + VOTE_WEIGHT * func.coalesce(vote_sum, 0.0)
        + COMMENT_WEIGHT * func.coalesce(comment_sum, 0.0)
    )


def _decay(connection: Connection, column: ColumnElement[Any], at: datetime) -> ColumnElement[float]:
    """2^(−(at − column)/h), in SQL."""
    at_seconds = (at - datetime(1970, 1, 1, tzinfo=at.tzinfo)).total_seconds()
    return _safe_exp(connection, (epoch_seconds(connection, column) - at_seconds) / TAU_SECONDS)


def _safe_exp(connection: Connection, exponent: ColumnElement[Any]) -> ColumnElement[float]:
    # PostgreSQL's exp() raises on underflow; anything below e^-700 is nothing beside one upvote anyway.
    return func.exp(greatest(connection, exponent, literal(-700.0)))


def _visible() -> tuple[ColumnElement[bool], ...]:
    return (comments.c.deleted_at.is_(None), comments.c.hidden_at.is_(None))


def _by_paper(rows: Any) -> dict[int, list[EventSummary]]:
    result: dict[int, list[EventSummary]] = {}
    for paper_id, bucket, count, decayed in rows:
        result.setdefault(paper_id, []).append(EventSummary(int(bucket), int(count), float(decayed or 0.0)))
    return result


def get_imported_terms(connection: Connection, *, paper_ids: list[int]) -> dict[int, tuple[int, datetime | None]]:
    """Each paper's upvotes from outside (the larger of an imported archive's and the upstream's) and when it first
    joined a list: what its base term is made of."""
    joined = func.min(daily_entries.c.added_at)
    imported, upstream = papers.c.imported_upvote_count, papers.c.upstream_upvote_count
    query = (
        select(papers.c.id, imported, upstream, joined)
        .outerjoin(daily_entries, daily_entries.c.paper_id == papers.c.id)
        .where(papers.c.id.in_(paper_ids))
        .group_by(papers.c.id, imported, upstream)
    )
    return {
        paper_id: (max(archive, followed or 0), joined_at)
        for paper_id, archive, followed, joined_at in connection.execute(query)
    }
