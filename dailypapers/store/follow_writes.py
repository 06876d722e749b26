"""Adding and removing a member's follows; following twice is following once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import follows
from dailypapers.domain.follows import FollowKind


def insert_follow(
    connection: Connection, *, user_id: int, kind: FollowKind, target: str, label: str, now: datetime
) -> bool:
    """Follow; False when the member followed it already (nothing changed)."""
    statement = (
        insert_ignoring_conflicts(connection, follows)
        .values(user_id=user_id, kind=kind.value, target=target, label=label, created_at=now)
        .returning(follows.c.id)
    )
    return connection.execute(statement).first() is not None


def delete_follow(connection: Connection, *, user_id: int, kind: FollowKind, target: str) -> bool:
    """Unfollow; False when the member did not follow it."""
    statement = delete(follows).where(
        follows.c.user_id == user_id, follows.c.kind == kind.value, follows.c.target == target
    )
    return connection.execute(statement).rowcount > 0
