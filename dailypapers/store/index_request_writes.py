"""Writing the queue of papers to index: a request (once per paper, whoever asks again), its failed attempts, its
removal once the paper is indexed or arXiv says there is no such paper."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import index_requests


def queue_index_request(connection: Connection, *, arxiv_id: str, user_id: int | None, now: datetime) -> bool:
    """Whether the request is new (a paper asked for already keeps its place in the queue)."""
    statement = insert_ignoring_conflicts(connection, index_requests).values(
        arxiv_id=arxiv_id, requested_by=user_id, requested_at=now
    )
    # RETURNING, not rowcount: psycopg reports no count for an INSERT ... ON CONFLICT DO NOTHING here.
    return connection.execute(statement.returning(index_requests.c.arxiv_id)).first() is not None


def record_index_failure(connection: Connection, *, arxiv_id: str, error: str, retry_at: datetime) -> None:
    connection.execute(
        update(index_requests)
        .where(index_requests.c.arxiv_id == arxiv_id)
        .values(attempt_count=index_requests.c.attempt_count + 1, last_error=error[:500], retry_at=retry_at)
    )


def delete_index_request(connection: Connection, *, arxiv_id: str) -> None:
    connection.execute(delete(index_requests).where(index_requests.c.arxiv_id == arxiv_id))
