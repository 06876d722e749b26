"""Sign-in sessions: one row per signed-in browser, found by the digest of the token its cookie holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from dailypapers.db.schema import sessions, users
from dailypapers.domain.users import User
from dailypapers.store.users import USER_COLUMNS, user_from_row


def insert_session(
    connection: Connection, *, user_id: int, token_hash: str, now: datetime, expires_at: datetime
) -> None:
    connection.execute(
        insert(sessions).values(user_id=user_id, token_hash=token_hash, created_at=now, expires_at=expires_at)
    )


def get_session_user(connection: Connection, *, token_hash: str, now: datetime) -> User | None:
    """The user a live session belongs to; None for an unknown or expired token."""
    query = (
        select(*USER_COLUMNS)
        .join(sessions, sessions.c.user_id == users.c.id)
        .where(sessions.c.token_hash == token_hash, sessions.c.expires_at > now)
    )
    row = connection.execute(query).first()
    return None if row is None else user_from_row(row)


def delete_session(connection: Connection, *, token_hash: str) -> None:
    connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash))


def delete_user_sessions(connection: Connection, *, user_id: int) -> int:
    return connection.execute(delete(sessions).where(sessions.c.user_id == user_id)).rowcount


def delete_expired_sessions(connection: Connection, *, user_id: int, now: datetime) -> None:
    connection.execute(delete(sessions).where(sessions.c.user_id == user_id, sessions.c.expires_at <= now))
