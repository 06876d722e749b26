"""Upvote rows: one per member per paper. Counts on the paper row move in store/trending_writes.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, select

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import papers, votes


def insert_vote(connection: Connection, *, paper_id: int, user_id: int, now: datetime) -> bool:
    """Add the member's upvote; False when it was there already (nothing changed)."""
    statement = (
        insert_ignoring_conflicts(connection, votes)
        .values(paper_id=paper_id, user_id=user_id, created_at=now)
        .returning(votes.c.paper_id)
    )
    return connection.execute(statement).first() is not None


def delete_vote(connection: Connection, *, paper_id: int, user_id: int) -> datetime | None:
    """Remove the member's upvote; returns when it was cast, or None when there was none."""
    statement = (
        delete(votes).where(votes.c.paper_id == paper_id, votes.c.user_id == user_id).returning(votes.c.created_at)
    )
    cast_at: datetime | None = connection.execute(statement).scalar_one_or_none()
    return cast_at


def list_voted_paper_ids(connection: Connection, *, user_id: int, paper_ids: Sequence[int]) -> set[int]:
    """Which of these papers the member has upvoted: one query for a whole page of cards."""
    if not paper_ids:
        return set()
    query = select(votes.c.paper_id).where(votes.c.user_id == user_id, votes.c.paper_id.in_(list(paper_ids)))
    return set(connection.execute(query).scalars())


def get_upvote_count(connection: Connection, *, paper_id: int) -> int:
    count: int = connection.execute(select(papers.c.upvote_count).where(papers.c.id == paper_id)).scalar_one()
    return count
