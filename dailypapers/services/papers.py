"""Reading one paper for its page and the API."""

from __future__ import annotations

from dailypapers.db.engine import Database
from dailypapers.domain.papers import Paper
from dailypapers.services.errors import NotFound
from dailypapers.store import papers as papers_store


def get_paper(db: Database, *, arxiv_id: str) -> Paper | None:
    with db.reading() as connection:
        return papers_store.get_paper(connection, arxiv_id=arxiv_id)


def require_paper(db: Database, *, arxiv_id: str) -> Paper:
    paper = get_paper(db, arxiv_id=arxiv_id)
    if paper is None:
        raise NotFound(f"no paper {arxiv_id} is indexed here")
    return paper
