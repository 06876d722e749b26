"""Reading the queue of papers readers asked this site to index ("Index it", POST /api/papers/index)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from dailypapers.db.schema import index_requests


@dataclass(frozen=True, slots=True)
class IndexRequest:
    arxiv_id: str
    requested_at: datetime
    attempt_count: int
    last_error: str | None
    retry_at: datetime | None


def get_index_request(connection: Connection, *, arxiv_id: str) -> IndexRequest | None:
    row = connection.execute(select(index_requests).where(index_requests.c.arxiv_id == arxiv_id)).first()
    return None if row is None else _request(row)


def list_due_index_requests(connection: Connection, *, now: datetime, limit: int) -> list[IndexRequest]:
    """Oldest first, leaving those waiting out a failed attempt."""
    query = (
        select(index_requests)
        .where((index_requests.c.retry_at.is_(None)) | (index_requests.c.retry_at <= now))
        .order_by(index_requests.c.requested_at, index_requests.c.arxiv_id)
        .limit(limit)
    )
    return [_request(row) for row in connection.execute(query)]


def _request(row: Row[Any]) -> IndexRequest:
    return IndexRequest(row.arxiv_id, row.requested_at, row.attempt_count, row.last_error, row.retry_at)
