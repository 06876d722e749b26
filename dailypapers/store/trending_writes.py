"""The trending key on paper rows, moved in the same statement as the count an event changes.

Every write here is one UPDATE whose new values are computed from the row's current ones, so two votes at once
each add their own term on PostgreSQL (READ COMMITTED re-reads the locked row) and on SQLite (one writer).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Connection, Double, bindparam, case, func, literal, select, update

from dailypapers.db.dialect import greatest
from dailypapers.db.schema import daily_entries, papers
from dailypapers.domain.trending import EMPTY_GAP, NEGLIGIBLE_GAP, base_key


def log_add(connection: Connection, key: ColumnElement[Any], term: ColumnElement[Any]) -> ColumnElement[Any]:
    """SQL for ln(e^key + e^term), NULL standing for an empty sum (domain.trending.log_add in SQL)."""
    gap = func.abs(key - term)
    larger = greatest(connection, key, term)
    return case(
        (key.is_(None), term),
        (term.is_(None), key),
        (gap > NEGLIGIBLE_GAP, larger),
        else_=larger + func.ln(1.0 + func.exp(-gap)),
    )


def log_subtract(key: ColumnElement[Any], term: ColumnElement[Any]) -> ColumnElement[Any]:
    """SQL for ln(e^key − e^term): NULL once nothing is left; a NULL term takes nothing away."""
    gap = key - term
    return case(
        (term.is_(None), key),
        (key.is_(None), None),
        (gap <= EMPTY_GAP, None),
        (gap > NEGLIGIBLE_GAP, key),
        else_=key + func.ln(1.0 - func.exp(-gap)),
    )


def move_upvotes(connection: Connection, *, paper_id: int, by: int, term: float) -> int:
    """Add (by=1) or take away (by=-1) one upvote and its trending term; returns the new upvote count."""
    return _move(connection, paper_id=paper_id, count=papers.c.upvote_count, by=by, term=term)


def move_comments(connection: Connection, *, paper_id: int, by: int, term: float) -> int:
    """Add or take away one visible comment and its trending term; returns the new comment count."""
    return _move(connection, paper_id=paper_id, count=papers.c.comment_count, by=by, term=term)


def _move(connection: Connection, *, paper_id: int, count: Any, by: int, term: float) -> int:
    value = literal(term, Double)
    key = papers.c.trending_key
    statement = (
        update(papers)
        .where(papers.c.id == paper_id)
        .values({count: count + by, key: log_add(connection, key, value) if by > 0 else log_subtract(key, value)})
        .returning(count)
    )
    moved: int = connection.execute(statement).scalar_one()
    return moved


def refresh_trending_bases(connection: Connection, *, paper_ids: Iterable[int]) -> int:
    """Recompute the outside-upvotes-and-code term of these papers and swap it inside their keys.

    Called whenever imported counts, stars or the day a paper joined the list may have changed.
    Returns how many papers changed.
    """
    ids = list(dict.fromkeys(paper_ids))
    if not ids:
        return 0
    joined = (
        select(func.min(daily_entries.c.added_at))
        .where(daily_entries.c.paper_id == papers.c.id)
        .correlate(papers)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(
            papers.c.id,
            papers.c.imported_upvote_count,
            papers.c.upstream_upvote_count,
            papers.c.github_stars,
            papers.c.trending_base,
            joined,
        ).where(papers.c.id.in_(ids))
    ).all()
    changes = []
    for paper_id, imported, upstream, stars, stored, joined_at in rows:
        # Upvotes from outside count once: an archive and an upstream usually report the same crowd.
        outside = max(imported, upstream or 0)
        new = base_key(imported_upvotes=outside, stars=stars, joined_at=joined_at)
        if new != stored:
            changes.append({"paper_id": paper_id, "new_base": new})
    if changes:
        new_base = bindparam("new_base", type_=Double)
        key, base = papers.c.trending_key, papers.c.trending_base
        statement = (
            update(papers)
            .where(papers.c.id == bindparam("paper_id"))
            .values({key: log_add(connection, log_subtract(key, base), new_base), base: new_base})
        )
        connection.execute(statement, changes)
    return len(changes)
