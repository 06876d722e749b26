"""API tokens: made in account settings or by the CLI, shown once, then known by name and prefix until revoked."""

from __future__ import annotations

from datetime import datetime, timedelta

from dailypapers.db.engine import Database
from dailypapers.domain.text import collapse_whitespace
from dailypapers.domain.tokens import API_TOKEN_PREFIX, ApiToken, hash_token, new_token, visible_prefix
from dailypapers.domain.users import User
from dailypapers.services.errors import InvalidInput, NotFound
from dailypapers.store import api_tokens as tokens_store

MAX_NAME_LENGTH = 80
# `last_used_at` is exact to this much: a busy client costs a write a minute, not a write a request.
USE_RECORDING_INTERVAL = timedelta(minutes=1)


def create_api_token(db: Database, *, user_id: int, name: str, now: datetime) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown this once and stored only as a digest."""
    name = collapse_whitespace(name)
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InvalidInput({"name": f"Name the token (at most {MAX_NAME_LENGTH} characters), e.g. 'laptop script'."})
    secret = new_token(prefix=API_TOKEN_PREFIX)
    with db.transaction() as connection:
        token = tokens_store.insert_api_token(
            connection,
            user_id=user_id,
            name=name,
            prefix=visible_prefix(secret),
            token_hash=hash_token(secret),
            now=now,
        )
    return token, secret


def list_api_tokens(db: Database, *, user_id: int) -> list[ApiToken]:
    with db.reading() as connection:
        return tokens_store.list_api_tokens(connection, user_id=user_id)


def revoke_api_token(db: Database, *, user_id: int, token_id: int) -> None:
    """Delete one of the user's tokens; NotFound for a token that is not theirs (or is gone already)."""
    with db.transaction() as connection:
        if not tokens_store.delete_api_token(connection, token_id=token_id, user_id=user_id):
            raise NotFound("you have no such API token")


def get_token_user(db: Database, *, secret: str, now: datetime) -> User | None:
    """The user a token belongs to, recording its use; None for an unknown or revoked token."""
    with db.reading() as connection:
        found = tokens_store.get_token_owner(connection, token_hash=hash_token(secret))
    if found is None:
        return None
    user, token = found
    if token.last_used_at is None or token.last_used_at <= now - USE_RECORDING_INTERVAL:
        with db.transaction() as connection:
            tokens_store.touch_api_token(
                connection, token_id=token.id, now=now, unless_after=now - USE_RECORDING_INTERVAL
            )
    return user
