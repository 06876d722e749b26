"""Signing in and out: a session is a random token in the browser's cookie and its digest in a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.passwords import hash_password, needs_rehash, verify_password
from dailypapers.domain.tokens import hash_token, new_token
from dailypapers.domain.users import User, get_valid_email
from dailypapers.services.errors import InvalidCredentials
from dailypapers.store import sessions as sessions_store
from dailypapers.store import users as users_store

DEFAULT_SESSION_LIFETIME = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    session_token: str  # for the cookie; only its digest is stored
    expires_at: datetime


def sign_in(
    db: Database, *, email: str, password: str, now: datetime, lifetime: timedelta = DEFAULT_SESSION_LIFETIME
) -> SignedIn:
    """Check the password and open a session; InvalidCredentials for a wrong password or an unknown address."""
    address = get_valid_email(email)
    found = None
    if address is not None:
        with db.reading() as connection:
            found = users_store.get_credentials(connection, email=address)
    user, password_hash = found if found else (None, None)
    # Hashing is slow on purpose: done outside any transaction, and done for unknown addresses too.
    if not verify_password(password_hash, password) or user is None or password_hash is None:
        raise InvalidCredentials("wrong email or password")
    new_hash = hash_password(password) if needs_rehash(password_hash) else None
    with db.transaction() as connection:
        if new_hash is not None:
            users_store.set_password_hash(connection, user_id=user.id, password_hash=new_hash, now=now)
        sessions_store.delete_expired_sessions(connection, user_id=user.id, now=now)
        token = open_session(connection, user_id=user.id, now=now, lifetime=lifetime)
    return SignedIn(user, token, now + lifetime)


def sign_out(db: Database, *, session_token: str) -> None:
    with db.transaction() as connection:
        sessions_store.delete_session(connection, token_hash=hash_token(session_token))


def get_session_user(db: Database, *, session_token: str, now: datetime) -> User | None:
    with db.reading() as connection:
        return sessions_store.get_session_user(connection, token_hash=hash_token(session_token), now=now)


def open_session(connection: Connection, *, user_id: int, now: datetime, lifetime: timedelta) -> str:
    """Add a session inside the caller's transaction (sign-in, sign-up, a password change); returns its token."""
    token = new_token()
    sessions_store.insert_session(
        connection, user_id=user_id, token_hash=hash_token(token), now=now, expires_at=now + lifetime
    )
    return token
