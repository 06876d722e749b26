"""Reading papers for their pages and the API: one paper, or every paper a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from dailypapers.db.engine import Database
from dailypapers.domain.paper_cursors import PaperCursor
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


@dataclass(frozen=True, slots=True)
class PaperPage:
    papers: list[Paper]
    next: PaperCursor | None  # None on the last page


def list_papers(db: Database, *, after: PaperCursor | None, limit: int) -> PaperPage:
    """A page of every paper, newest first; `next` continues after its last."""
    with db.reading() as connection:
        found = papers_store.list_newest_papers(connection, after=after, limit=limit + 1)
    page = found[:limit]
    more = len(found) > limit
    return PaperPage(page, PaperCursor(page[-1].published_at, page[-1].id) if more else None)
