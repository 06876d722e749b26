"""Finding a paper by arXiv id: in the database, or else from arXiv (when the instance allows it), then stored.

The network call happens outside any transaction: a slow arXiv never holds a database lock. A reader opening a
page waits for arXiv at most a short budget (`ReaderLookups`); a lookup that takes longer goes on in the
background and stores the paper for the next visit, and a reader never sees a network error.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
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


class LookupOutcome(Enum):
    FOUND = "found"
    ABSENT = "absent"  # arXiv answered: no such paper
    PENDING = "pending"  # arXiv did not answer within the budget, or could not be asked: not indexed here yet


@dataclass(frozen=True, slots=True)
class ReaderLookup:
    outcome: LookupOutcome
    paper: Paper | None = None


# How long a reader waits for arXiv on a page, and how long lookups rest after arXiv could not be reached.
READER_BUDGET_SECONDS = 2.0
UNREACHABLE_PAUSE_SECONDS = 60.0
LONGEST_PAUSE_SECONDS = 900.0  # a Retry-After of a day must not switch lookups off for a day


class ReaderLookups:
    """Lookups for readers: the stored paper at once; an unknown one fetched within `budget` seconds, or left to
    finish in the background. After arXiv fails, lookups pause for `pause` seconds, so a site cut off from arXiv
    answers its 404s at once instead of waiting on every page."""

    def __init__(
        self,
        fetcher: PaperFetcher,
        *,
        budget: float = READER_BUDGET_SECONDS,
        pause: float = UNREACHABLE_PAUSE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetcher = fetcher
        self._budget = budget
        self._pause = pause
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._resume_at = 0.0
        self._pool: ThreadPoolExecutor | None = None

    def find(self, db: Database, *, arxiv_id: str, now: datetime) -> ReaderLookup:
        with db.reading() as connection:
            paper = papers_store.get_paper(connection, arxiv_id=arxiv_id)
        if paper is not None:
            return ReaderLookup(LookupOutcome.FOUND, paper)
        if self._monotonic() < self._resume_at:
            return ReaderLookup(LookupOutcome.PENDING)
        future = self._threads().submit(self._fetch, db, arxiv_id, now)
        try:
            found = future.result(timeout=self._budget)
        except (FutureTimeout, LookupUnavailable):
            return ReaderLookup(LookupOutcome.PENDING)
        return ReaderLookup(LookupOutcome.FOUND, found) if found else ReaderLookup(LookupOutcome.ABSENT)

    def join_background(self) -> None:
        """Wait for the look-ups still finishing after their readers were answered (tests)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def _fetch(self, db: Database, arxiv_id: str, now: datetime) -> Paper | None:
        try:
            return find_or_fetch_paper(db, arxiv_id=arxiv_id, fetcher=self._fetcher, now=now)
        except LookupUnavailable as error:
            pause = min(max(self._pause, error.retry_after or 0.0), LONGEST_PAUSE_SECONDS)
            with self._lock:
                self._resume_at = max(self._resume_at, self._monotonic() + pause)
            raise

    def _threads(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="reader-lookup")
            return self._pool
