"""API tokens: the digest authenticates, the name and visible prefix tell them apart, `last_used_at` dates them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, or_, select, update

from dailypapers.db.schema import api_tokens, users
from dailypapers.domain.tokens import ApiToken
from dailypapers.domain.users import User
from dailypapers.store.users import USER_COLUMNS, user_from_row

_TOKEN_COLUMNS = (
    api_tokens.c.id,
    api_tokens.c.user_id,
    api_tokens.c.name,
    api_tokens.c.prefix,
    api_tokens.c.created_at,
    api_tokens.c.last_used_at,
)


def insert_api_token(
    connection: Connection, *, user_id: int, name: str, prefix: str, token_hash: str, now: datetime
) -> ApiToken:
    statement = (
        insert(api_tokens)
        .values(user_id=user_id, name=name, prefix=prefix, token_hash=token_hash, created_at=now)
        .returning(*_TOKEN_COLUMNS)
    )
    return _token_from_row(connection.execute(statement).one())


def list_api_tokens(connection: Connection, *, user_id: int) -> list[ApiToken]:
    query = select(*_TOKEN_COLUMNS).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id.desc())
    return [_token_from_row(row) for row in connection.execute(query)]


def delete_api_token(connection: Connection, *, token_id: int, user_id: int) -> bool:
    """Delete one of the user's tokens; False when they hold no such token."""
    statement = delete(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.user_id == user_id)
    return connection.execute(statement).rowcount > 0


def delete_user_api_tokens(connection: Connection, *, user_id: int) -> int:
    """Delete every token of the user; how many there were."""
    return connection.execute(delete(api_tokens).where(api_tokens.c.user_id == user_id)).rowcount


def get_token_owner(connection: Connection, *, token_hash: str) -> tuple[User, ApiToken] | None:
    query = (
        select(*USER_COLUMNS, *(column.label(f"token_{column.name}") for column in _TOKEN_COLUMNS))
        .join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(api_tokens.c.token_hash == token_hash)
    )
    row = connection.execute(query).first()
    if row is None:
        return None
    values = row._mapping
    token = ApiToken(**{column.name: values[f"token_{column.name}"] for column in _TOKEN_COLUMNS})
    return user_from_row(row), token


def touch_api_token(connection: Connection, *, token_id: int, now: datetime, unless_after: datetime) -> None:
    """Record a use, unless one after `unless_after` is recorded: a busy client costs one write a minute, not one
    a request."""
    connection.execute(
        update(api_tokens)
        .where(
            api_tokens.c.id == token_id,
            or_(api_tokens.c.last_used_at.is_(None), api_tokens.c.last_used_at <= unless_after),
        )
        .values(last_used_at=now)
    )


def _token_from_row(row: Row[*tuple[Any, ...]]) -> ApiToken:
    return ApiToken(**{column.name: row._mapping[column.name] for column in _TOKEN_COLUMNS})
