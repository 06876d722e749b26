"""Finding a paper by arXiv id: in the database, or else from arXiv (when the instance allows it), then stored.

The network call happens outside any transaction: a slow arXiv never holds a database lock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.exc import IntegrityError

from dailypapers.db.engine import Database
from dailypapers.domain.papers import Paper, PaperRecord
from dailypapers.sources.arxiv_api import ArxivError, ArxivUnavailable
from dailypapers.store import papers as papers_store
from dailypapers.store.paper_writes import upsert_papers


class PaperFetcher(Protocol):
    def fetch_paper(self, arxiv_id: str) -> PaperRecord | None: ...


class LookupUnavailable(Exception):
    """arXiv could not answer now; `retry_after` is in seconds when it said how long to wait."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def find_or_fetch_paper(db: Database, *, arxiv_id: str, fetcher: PaperFetcher | None, now: datetime) -> Paper | None:
    """The stored paper; else, with a fetcher, arXiv's record of it, stored first. None: no such paper."""
    with db.reading() as connection:
        paper = papers_store.get_paper(connection, arxiv_id=arxiv_id)
    if paper is not None or fetcher is None:
        return paper
    try:
        record = fetcher.fetch_paper(arxiv_id)
    except ArxivUnavailable as error:
        raise LookupUnavailable(f"arXiv did not answer: {error}", retry_after=error.retry_after) from error
    except ArxivError as error:
        raise LookupUnavailable(f"arXiv refused the lookup: {error}") from error
    if record is None:
        return None
    try:
        with db.transaction() as connection:
            upsert_papers(connection, [record], now=now)
            return papers_store.get_paper(connection, arxiv_id=record.arxiv_id)
    except IntegrityError:
        # Another request stored the same paper between our look and our write (two people submitting it at
        # once); theirs is the same arXiv record.
        with db.reading() as connection:
            return papers_store.get_paper(connection, arxiv_id=record.arxiv_id)
