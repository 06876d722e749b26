"""Finding a paper by arXiv id: in the database, or else from arXiv (when the instance allows it), then stored.

The network call happens outside any transaction: a slow arXiv never holds a database lock. A reader opening a
page waits for arXiv at most a short budget (`ReaderLookups`); a lookup that takes longer goes on in the
background and stores the paper for the next visit, and a reader never sees a network error.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
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
# An id arXiv said it does not know is answered from memory for this long: a crawler walking made-up ids costs
# arXiv one request per id, not one per visit.
ABSENT_MEMORY_SECONDS = 600.0
ABSENT_REMEMBERED = 10_000  # the oldest are forgotten first
MAX_LOOKUPS_AT_ONCE = 8  # more: "not indexed here yet" at once, rather than a queue a crawler can grow without end


class ReaderLookups:
    """Lookups for readers: the stored paper at once; an unknown one fetched within `budget` seconds, or left to
    finish in the background. After arXiv fails, lookups pause for `pause` seconds, so a site cut off from arXiv
    answers its 404s at once instead of waiting on every page. Readers asking for the same paper at once share one
    lookup; an id arXiv does not know is remembered for `absent_memory` seconds."""

    def __init__(
        self,
        fetcher: PaperFetcher,
        *,
        budget: float = READER_BUDGET_SECONDS,
        pause: float = UNREACHABLE_PAUSE_SECONDS,
        absent_memory: float = ABSENT_MEMORY_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetcher = fetcher
        self._budget = budget
        self._pause = pause
        self._absent_memory = absent_memory
        self._monotonic = monotonic
        self._lock = threading.RLock()
        self._resume_at = 0.0
        self._pool: ThreadPoolExecutor | None = None
        self._absent: OrderedDict[str, float] = OrderedDict()  # arXiv id -> forgotten at (monotonic)
        self._in_flight: dict[str, Future[Paper | None]] = {}

    def find(self, db: Database, *, arxiv_id: str, now: datetime) -> ReaderLookup:
        with db.reading() as connection:
            paper = papers_store.get_paper(connection, arxiv_id=arxiv_id)
        if paper is not None:
            return ReaderLookup(LookupOutcome.FOUND, paper)
        future = self._start(db, arxiv_id, now)
        if isinstance(future, LookupOutcome):
            return ReaderLookup(future)
        try:
            found = future.result(timeout=self._budget)
        except (FutureTimeout, LookupUnavailable):
            return ReaderLookup(LookupOutcome.PENDING)
        return ReaderLookup(LookupOutcome.FOUND, found) if found else ReaderLookup(LookupOutcome.ABSENT)

    def in_flight_count(self) -> int:
        """Lookups started and not finished: at most MAX_LOOKUPS_AT_ONCE."""
        with self._lock:
            return len(self._in_flight)

    def close(self, *, wait: bool = False) -> None:
        """Drop the lookups not started; `wait` for those under way (a stopping process does not)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)

    def _start(self, db: Database, arxiv_id: str, now: datetime) -> Future[Paper | None] | LookupOutcome:
        """The lookup of `arxiv_id` under way (joined, or started), or the outcome known without asking arXiv."""
        with self._lock:
            clock = self._monotonic()
            if clock < self._resume_at:
                return LookupOutcome.PENDING
            forgotten_at = self._absent.get(arxiv_id)
            if forgotten_at is not None and clock < forgotten_at:
                return LookupOutcome.ABSENT
            future = self._in_flight.get(arxiv_id)
            if future is None:
                if len(self._in_flight) >= MAX_LOOKUPS_AT_ONCE:
                    return LookupOutcome.PENDING
                future = self._threads().submit(self._fetch, db, arxiv_id, now)
                self._in_flight[arxiv_id] = future
                started = True
            else:
                started = False
        if started:
            future.add_done_callback(lambda done: self._finish(arxiv_id, done))
        return future

    def _finish(self, arxiv_id: str, done: Future[Paper | None]) -> None:
        absent = not done.cancelled() and done.exception() is None and done.result() is None
        with self._lock:
            self._in_flight.pop(arxiv_id, None)
            if absent:
                self._absent[arxiv_id] = self._monotonic() + self._absent_memory
                self._absent.move_to_end(arxiv_id)
                while len(self._absent) > ABSENT_REMEMBERED:
                    self._absent.popitem(last=False)

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
