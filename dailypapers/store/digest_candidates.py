"""The papers a digest can choose from: those on the daily lists of its period, best-voted first."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, select

from dailypapers.db.schema import daily_entries, paper_authors, papers
from dailypapers.domain.digest_picks import CandidatePaper
from dailypapers.store.daily import select_first_entries
from dailypapers.store.papers import load_categories


def list_period_papers(connection: Connection, *, start: date, end: date) -> list[CandidatePaper]:
    """Each paper on a list of a day in [start, end) once, by upvotes, then by when it was first added."""
    firsts = select_first_entries(start=start, end=end).subquery()  # the entries the period's list shows
    query = (
        select(papers.c.id, papers.c.title, papers.c.abstract)
        .join(daily_entries, daily_entries.c.paper_id == papers.c.id)
        .join(firsts, firsts.c.id == daily_entries.c.id)
        .order_by(papers.c.upvote_count.desc(), daily_entries.c.added_at, papers.c.id)
    )
    rows = connection.execute(query).all()
    ids = [row.id for row in rows]
    categories = load_categories(connection, paper_ids=ids)
    author_keys: dict[int, list[str]] = defaultdict(list)
    if ids:
        keys = select(paper_authors.c.paper_id, paper_authors.c.name_key).where(paper_authors.c.paper_id.in_(ids))
        for paper_id, key in connection.execute(keys):
            author_keys[paper_id].append(key)
    return [
        CandidatePaper(
            id=row.id,
            title=row.title,
            abstract=row.abstract,
            categories=tuple(categories.get(row.id, ())),
            author_keys=tuple(author_keys[row.id]),
        )
        for row in rows
    ]
