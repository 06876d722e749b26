"""Papers readers ask this site to index: queued by the "Index it" button and `POST /api/papers/index`, fetched
from arXiv by the worker's `index-requests` job, one request to arXiv at a time and outside any transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.domain.papers import Paper
from dailypapers.domain.users import User
from dailypapers.services.paper_lookup import LookupUnavailable, PaperFetcher, find_or_fetch_paper
from dailypapers.store import index_request_writes
from dailypapers.store import papers as papers_store
from dailypapers.store.index_requests import IndexRequest, get_index_request, list_due_index_requests

log = logging.getLogger(__name__)
BATCH = 50  # per run; arXiv's one request every three seconds makes this about two and a half minutes
FIRST_RETRY = timedelta(minutes=10)
LONGEST_RETRY = timedelta(days=1)
MAX_ATTEMPTS = 8  # about two days of backing off; then the request is dropped, and a reader can ask again


@dataclass(frozen=True, slots=True)
class IndexStatus:
    paper: Paper | None  # indexed already
    request: IndexRequest | None  # waiting for the worker


def request_index(db: Database, *, arxiv_id: str, user: User | None, now: datetime) -> IndexStatus:
    """Queue `arxiv_id` (a parsed, bare id) unless it is indexed already."""
    with db.transaction() as connection:
        paper = papers_store.get_paper(connection, arxiv_id=arxiv_id)
        if paper is not None:
            return IndexStatus(paper, None)
        new = index_request_writes.queue_index_request(
            connection, arxiv_id=arxiv_id, user_id=user.id if user else None, now=now
        )
        request = get_index_request(connection, arxiv_id=arxiv_id)
    if new:
        log.info("%s asked to index %s", user.username if user else "the operator", arxiv_id)
    return IndexStatus(None, request)


def get_index_status(db: Database, *, arxiv_id: str) -> IndexRequest | None:
    with db.reading() as connection:
        return get_index_request(connection, arxiv_id=arxiv_id)


@dataclass(slots=True)
class IndexRunReport:
    indexed: int = 0
    absent: int = 0
    failed: int = 0
    left: int = 0  # due but not reached: arXiv stopped answering

    def summary(self) -> str:
        said = f"{self.indexed} indexed, {self.absent} not on arXiv, {self.failed} failed"
        return said + (f", {self.left} left for the next run" if self.left else "")


def index_requested_papers(
    db: Database, fetcher: PaperFetcher, *, limit: int = BATCH, clock: Clock = utc_now
) -> IndexRunReport:
    """Fetch the due requests, oldest first. When arXiv does not answer, the run stops and the request waits longer
    each time (10 minutes, doubling, at most a day)."""
    report = IndexRunReport()
    with db.reading() as connection:
        due = list_due_index_requests(connection, now=clock(), limit=limit)
    for position, request in enumerate(due):
        try:
            paper = find_or_fetch_paper(db, arxiv_id=request.arxiv_id, fetcher=fetcher, now=clock())
        except LookupUnavailable as error:
            _record_failure(db, request, str(error), now=clock())
            report.failed += 1
            report.left = len(due) - position - 1
            break
        with db.transaction() as connection:
            index_request_writes.delete_index_request(connection, arxiv_id=request.arxiv_id)
        if paper is None:
            log.info("index request for %s: arXiv has no such paper", request.arxiv_id)
            report.absent += 1
        else:
            report.indexed += 1
    return report


def _record_failure(db: Database, request: IndexRequest, error: str, *, now: datetime) -> None:
    with db.transaction() as connection:
        if request.attempt_count + 1 >= MAX_ATTEMPTS:
            index_request_writes.delete_index_request(connection, arxiv_id=request.arxiv_id)
            log.warning("index request for %s dropped after %d attempts: %s", request.arxiv_id, MAX_ATTEMPTS, error)
            return
        wait = min(FIRST_RETRY * 2**request.attempt_count, LONGEST_RETRY)
        index_request_writes.record_index_failure(
            connection, arxiv_id=request.arxiv_id, error=error, retry_at=now + wait
        )
