"""arXiv categories (`paper_categories`, indexed by category): a category's papers, newest first."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from dailypapers.db.schema import paper_categories, papers


def list_category_paper_ids(connection: Connection, *, category: str, offset: int, limit: int) -> list[int]:
    query = (
        select(papers.c.id)
        .where(papers.c.id.in_(select(paper_categories.c.paper_id).where(paper_categories.c.category == category)))
        .order_by(papers.c.published_at.desc().nulls_last(), papers.c.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(connection.execute(query).scalars())


def count_category_papers(connection: Connection, *, category: str) -> int:
    query = select(func.count()).select_from(paper_categories).where(paper_categories.c.category == category)
    return connection.execute(query).scalar_one()
