"""Making, replacing and revoking a member's private feed key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete

from dailypapers.db.dialect import insert_for_dialect
from dailypapers.db.schema import feed_tokens


def put_feed_nonce(connection: Connection, *, user_id: int, nonce: str, now: datetime) -> None:
    """The member's key becomes `nonce`, replacing any before it in one statement."""
    statement = insert_for_dialect(connection, feed_tokens).values(user_id=user_id, nonce=nonce, created_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[feed_tokens.c.user_id], set_={"nonce": nonce, "created_at": now}
    )
    connection.execute(statement)


def delete_feed_nonce(connection: Connection, *, user_id: int) -> bool:
    return connection.execute(delete(feed_tokens).where(feed_tokens.c.user_id == user_id)).rowcount > 0
