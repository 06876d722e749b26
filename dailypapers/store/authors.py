"""Authors by their folded name key (`paper_authors.name_key`, indexed): their papers and their usual spelling."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from dailypapers.db.schema import paper_authors, papers


def list_author_paper_ids(connection: Connection, *, key: str, offset: int, limit: int) -> list[int]:
    """The papers with an author of this key, newest on arXiv first."""
    query = (
        select(papers.c.id)
        .where(papers.c.id.in_(select(paper_authors.c.paper_id).where(paper_authors.c.name_key == key)))
        .order_by(papers.c.published_at.desc().nulls_last(), papers.c.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(connection.execute(query).scalars())


def count_author_papers(connection: Connection, *, key: str) -> int:
    query = select(func.count(func.distinct(paper_authors.c.paper_id))).where(paper_authors.c.name_key == key)
    return connection.execute(query).scalar_one()


def get_author_name(connection: Connection, *, key: str) -> str | None:
    """The spelling most of the author's papers use (ties: the first alphabetically)."""
    query = (
        select(paper_authors.c.name)
        .where(paper_authors.c.name_key == key)
        .group_by(paper_authors.c.name)
        .order_by(func.count().desc(), paper_authors.c.name)
        .limit(1)
    )
    found: str | None = connection.execute(query).scalar_one_or_none()
    return found
