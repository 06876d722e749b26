"""Category pages and feeds: an arXiv category's indexed papers, newest on arXiv first."""

from __future__ import annotations

from dataclasses import dataclass

from dailypapers.db.engine import Database
from dailypapers.domain.papers import Paper
from dailypapers.domain.subscriptions import CATEGORY_PATTERN
from dailypapers.services.errors import NotFound
from dailypapers.store import categories as categories_store
from dailypapers.store import papers as papers_store


@dataclass(frozen=True, slots=True)
class CategoryPapers:
    category: str
    papers: list[Paper]
    total: int
    offset: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.papers) < self.total


def require_category_papers(db: Database, *, category: str, offset: int = 0, limit: int = 50) -> CategoryPapers:
    """A page of the category's papers (none yet is a valid, empty page); NotFound for what is not a category."""
    if len(category) > 32 or not CATEGORY_PATTERN.fullmatch(category):
        raise NotFound(f"“{category}” is not an arXiv category like cs.CL or hep-th")
    with db.reading() as connection:
        ids = categories_store.list_category_paper_ids(connection, category=category, offset=offset, limit=limit)
        return CategoryPapers(
            category=category,
            papers=papers_store.list_papers_by_ids(connection, paper_ids=ids),
            total=categories_store.count_category_papers(connection, category=category),
            offset=offset,
        )
