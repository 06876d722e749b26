"""Reading "not interested": which of a page's papers the member turned away."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from dailypapers.db.schema import dismissals, papers


def list_dismissed_paper_ids(connection: Connection, *, user_id: int, paper_ids: Sequence[int]) -> set[int]:
    if not paper_ids:
        return set()
    query = select(dismissals.c.paper_id).where(
        dismissals.c.user_id == user_id, dismissals.c.paper_id.in_(list(paper_ids))
    )
    return set(connection.execute(query).scalars())


def list_dismissed_arxiv_ids(connection: Connection, *, user_id: int, limit: int) -> list[str]:
    """The member's dismissed papers, most recently turned away first."""
    query = (
        select(papers.c.arxiv_id)
        .join(dismissals, dismissals.c.paper_id == papers.c.id)
        .where(dismissals.c.user_id == user_id)
        .order_by(dismissals.c.created_at.desc(), papers.c.id.desc())
        .limit(limit)
    )
    return list(connection.execute(query).scalars())
