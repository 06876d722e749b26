"""A member's private feed token: made (or replaced) and revoked on the account page, read back to build their
private feed links, and resolved to the member when a feed reader asks."""

from __future__ import annotations

from datetime import datetime

from dailypapers.db.engine import Database
from dailypapers.domain.feed_tokens import make_feed_token, new_nonce, read_feed_token
from dailypapers.services.errors import NotFound
from dailypapers.store import feed_token_writes
from dailypapers.store import feed_tokens as feed_tokens_store


def create_feed_token(db: Database, *, secret: str, user_id: int, now: datetime) -> str:
    """A new token for the member; the one before it (if any) stops working."""
    nonce = new_nonce()
    with db.transaction() as connection:
        feed_token_writes.put_feed_nonce(connection, user_id=user_id, nonce=nonce, now=now)
    return make_feed_token(secret, nonce=nonce)


def revoke_feed_token(db: Database, *, user_id: int) -> bool:
    with db.transaction() as connection:
        return feed_token_writes.delete_feed_nonce(connection, user_id=user_id)


def get_feed_token(db: Database, *, secret: str, user_id: int) -> str | None:
    """The member's current token, or None when they have none."""
    with db.reading() as connection:
        nonce = feed_tokens_store.get_feed_nonce(connection, user_id=user_id)
    return make_feed_token(secret, nonce=nonce) if nonce else None


def require_feed_user_id(db: Database, *, secret: str, token: str) -> int:
    """The member the token reads for; NotFound for a token revoked, replaced, mistyped or never made."""
    nonce = read_feed_token(secret, token=token)
    user_id = None
    if nonce is not None:
        with db.reading() as connection:
            user_id = feed_tokens_store.get_feed_token_user_id(connection, nonce=nonce)
    if user_id is None:
        raise NotFound("no feed answers to this link: it was revoked or replaced, or never existed")
    return user_id
