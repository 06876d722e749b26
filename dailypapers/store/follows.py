"""Reading a member's follows: the list, and which of a page's authors or categories they follow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, select

from dailypapers.db.schema import follows
from dailypapers.domain.follows import Follow, FollowKind


def list_follows(connection: Connection, *, user_id: int) -> list[Follow]:
    """The member's follows, by kind, then as written."""
    query = select(follows).where(follows.c.user_id == user_id).order_by(follows.c.kind, follows.c.label, follows.c.id)
    return [follow_from_row(row) for row in connection.execute(query)]


def list_followed_targets(
    connection: Connection, *, user_id: int, kind: FollowKind, targets: Sequence[str]
) -> set[str]:
    """Which of these targets the member follows: one query for a page's buttons."""
    if not targets:
        return set()
    query = select(follows.c.target).where(
        follows.c.user_id == user_id, follows.c.kind == kind.value, follows.c.target.in_(list(targets))
    )
    return set(connection.execute(query).scalars())


def follow_from_row(row: Row[Any]) -> Follow:
    return Follow(id=row.id, kind=FollowKind(row.kind), target=row.target, label=row.label, created_at=row.created_at)
