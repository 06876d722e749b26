"""Single-use tokens of the links that set a password (reset, or first password for an invited account)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from dailypapers.db.schema import password_tokens, users
from dailypapers.domain.users import User
from dailypapers.store.users import USER_COLUMNS, user_from_row


def insert_password_token(
    connection: Connection, *, user_id: int, token_hash: str, now: datetime, expires_at: datetime
) -> None:
    connection.execute(
        delete(password_tokens).where(password_tokens.c.user_id == user_id, password_tokens.c.expires_at <= now)
    )
    connection.execute(
        insert(password_tokens).values(user_id=user_id, token_hash=token_hash, created_at=now, expires_at=expires_at)
    )


def get_password_token_user(connection: Connection, *, token_hash: str, now: datetime) -> User | None:
    """Whose live token this is, without using it up (to show the form only for a link that works)."""
    query = (
        select(*USER_COLUMNS)
        .join(password_tokens, password_tokens.c.user_id == users.c.id)
        .where(password_tokens.c.token_hash == token_hash, password_tokens.c.expires_at > now)
    )
    row = connection.execute(query).first()
    return None if row is None else user_from_row(row)


def take_password_token(connection: Connection, *, token_hash: str, now: datetime) -> int | None:
    """Use a live token up and return its user's id; one statement, so two requests cannot both use it."""
    statement = (
        delete(password_tokens)
        .where(password_tokens.c.token_hash == token_hash, password_tokens.c.expires_at > now)
        .returning(password_tokens.c.user_id)
    )
    user_id: int | None = connection.execute(statement).scalar_one_or_none()
    return user_id


def delete_password_tokens(connection: Connection, *, user_id: int) -> None:
    """Void every outstanding link of the user: a new password makes older links moot."""
    connection.execute(delete(password_tokens).where(password_tokens.c.user_id == user_id))
