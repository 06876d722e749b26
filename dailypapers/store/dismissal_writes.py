"""Turning a paper away ("not interested") and taking that back; both idempotent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import dismissals


def insert_dismissal(connection: Connection, *, user_id: int, paper_id: int, now: datetime) -> bool:
    statement = (
        insert_ignoring_conflicts(connection, dismissals)
        .values(user_id=user_id, paper_id=paper_id, created_at=now)
        .returning(dismissals.c.paper_id)
    )
    return connection.execute(statement).first() is not None


def delete_dismissal(connection: Connection, *, user_id: int, paper_id: int) -> bool:
    statement = delete(dismissals).where(dismissals.c.user_id == user_id, dismissals.c.paper_id == paper_id)
    return connection.execute(statement).rowcount > 0
