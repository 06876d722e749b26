"""Following an upstream, written: its counts on papers, its places on a day's entries (and the entries it
dropped), what it says beyond arXiv, and the days pulled to the end. Reads are in store/upstream.py."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import Connection, Integer, bindparam, func, select, update

from dailypapers.db.dialect import greatest, insert_for_dialect
from dailypapers.db.schema import daily_entries, papers, upstream_days, upstream_papers
from dailypapers.domain.upstream import UpstreamExtras
from dailypapers.store.trending_writes import refresh_trending_bases


def set_upstream_counts(connection: Connection, *, counts: Mapping[int, tuple[int, int]]) -> int:
    """Set each paper's upstream (upvotes, comments), which may go down as well as up; returns how many papers
    changed. The live counts hold local + the larger of imported and upstream and move by that larger one's
    change in the same statement, so local votes are kept and one crowd is not counted twice."""
    if not counts:
        return 0
    stored = {
        row.id: (row.upstream_upvote_count, row.upstream_comment_count)
        for row in connection.execute(
            select(papers.c.id, papers.c.upstream_upvote_count, papers.c.upstream_comment_count).where(
                papers.c.id.in_(list(counts))
            )
        )
    }
    changed = {paper_id: values for paper_id, values in counts.items() if stored.get(paper_id, values) != values}
    if not changed:
        return 0
    for column, imported, total, index in (
        (papers.c.upstream_upvote_count, papers.c.imported_upvote_count, papers.c.upvote_count, 0),
        (papers.c.upstream_comment_count, papers.c.imported_comment_count, papers.c.comment_count, 1),
    ):
        value = bindparam("value", type_=Integer)
        moved = greatest(connection, imported, value) - greatest(connection, imported, func.coalesce(column, 0))
        statement = (
            update(papers).where(papers.c.id == bindparam("paper_id")).values({total: total + moved, column: value})
        )
        connection.execute(statement, [{"paper_id": pid, "value": values[index]} for pid, values in changed.items()])
    refresh_trending_bases(connection, paper_ids=changed)
    return len(changed)


def set_upstream_places(
    connection: Connection, *, day: date, positions: Mapping[int, int], now: datetime
) -> tuple[int, int]:
    """Give `day`'s entries of these papers their place on the upstream's list (and clear a drop mark); mark the
    day's other upstream entries dropped. Entries are never deleted here. Returns (moved, newly dropped)."""
    rows = connection.execute(
        select(
            daily_entries.c.id,
            daily_entries.c.paper_id,
            daily_entries.c.upstream_position,
            daily_entries.c.upstream_dropped_at,
        ).where(daily_entries.c.day == day)
    ).all()
    moves = [
        {"entry_id": row.id, "new_position": positions[row.paper_id]}
        for row in rows
        if row.paper_id in positions
        and (row.upstream_position != positions[row.paper_id] or row.upstream_dropped_at is not None)
    ]
    drops = [
        row.id
        for row in rows
        if row.paper_id not in positions and row.upstream_position is not None and row.upstream_dropped_at is None
    ]
    if moves:
        statement = (
            update(daily_entries)
            .where(daily_entries.c.id == bindparam("entry_id"))
            .values(upstream_position=bindparam("new_position"), upstream_dropped_at=None)
        )
        connection.execute(statement, moves)
    if drops:
        connection.execute(update(daily_entries).where(daily_entries.c.id.in_(drops)).values(upstream_dropped_at=now))
    return len(moves), len(drops)


def save_upstream_extras(connection: Connection, *, extras: Mapping[int, UpstreamExtras], now: datetime) -> None:
    """Keep what the upstream says of these papers beyond arXiv; what it stops saying is kept as last said."""
    rows = [
        {
            "paper_id": paper_id,
            "ai_summary": extra.ai_summary,
            "ai_keywords": json.dumps(list(extra.ai_keywords)) if extra.ai_keywords else None,
            "thumbnail_url": extra.thumbnail_url,
            "media_urls": json.dumps(list(extra.media_urls)) if extra.media_urls else None,
            "updated_at": now,
        }
        for paper_id, extra in extras.items()
        if not extra.empty
    ]
    if not rows:
        return
    statement = insert_for_dialect(connection, upstream_papers)
    excluded = statement.excluded
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[upstream_papers.c.paper_id],
            set_={
                name: func.coalesce(excluded[name], upstream_papers.c[name])
                for name in ("ai_summary", "ai_keywords", "thumbnail_url", "media_urls")
            }
            | {"updated_at": excluded.updated_at},
        ),
        rows,
    )


def record_pulled_day(connection: Connection, *, day: date, entry_count: int, now: datetime) -> None:
    statement = insert_for_dialect(connection, upstream_days).values(day=day, entry_count=entry_count, pulled_at=now)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[upstream_days.c.day],
            set_={"entry_count": statement.excluded.entry_count, "pulled_at": statement.excluded.pulled_at},
        )
    )
