"""Reading private feed keys: a member's, and the member a key belongs to."""

from __future__ import annotations

from sqlalchemy import Connection, select

from dailypapers.db.schema import feed_tokens


def get_feed_nonce(connection: Connection, *, user_id: int) -> str | None:
    nonce: str | None = connection.execute(
        select(feed_tokens.c.nonce).where(feed_tokens.c.user_id == user_id)
    ).scalar_one_or_none()
    return nonce


def get_feed_token_user_id(connection: Connection, *, nonce: str) -> int | None:
    user_id: int | None = connection.execute(
        select(feed_tokens.c.user_id).where(feed_tokens.c.nonce == nonce)
    ).scalar_one_or_none()
    return user_id
