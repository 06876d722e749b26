"""Passwords: changing one, and the emailed single-use links that reset one or set the first."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.domain.passwords import hash_password, verify_password
from dailypapers.domain.tokens import hash_token, new_token
from dailypapers.domain.users import InvalidField, User, check_password, get_valid_email
from dailypapers.services.errors import InvalidInput, InvalidLink
from dailypapers.services.mail import Mailer
from dailypapers.services.sessions import DEFAULT_SESSION_LIFETIME, SignedIn, open_session
from dailypapers.store import api_tokens as api_tokens_store
from dailypapers.store import password_tokens as tokens_store
from dailypapers.store import sessions as sessions_store
from dailypapers.store import users as users_store


def request_password_reset(db: Database, mailer: Mailer, *, email: str, now: datetime, lifetime: timedelta) -> None:
    """Email a reset link when the address has an account. Says nothing either way, so that the form does not
    reveal who has an account."""
    address = get_valid_email(email)
    if address is None:
        return
    with db.reading() as connection:
        user = users_store.get_user_by_email(connection, email=address)
    if user is not None:
        send_password_link(db, mailer, user=user, template="password_reset", now=now, lifetime=lifetime)


def send_password_link(
    db: Database, mailer: Mailer, *, user: User, template: str, now: datetime, lifetime: timedelta
) -> None:
    """Store a new single-use token and email its link; the row is committed before the (slow) send."""
    token = new_token()
    with db.transaction() as connection:
        tokens_store.insert_password_token(
            connection, user_id=user.id, token_hash=hash_token(token), now=now, expires_at=now + lifetime
        )
    mailer.send(
        template,
        to=user.email,
        context={
            "username": user.username,
            "role": user.role.value,
            "link": mailer.link(urls.password_reset_path(token=token)),
            "valid_for": describe_lifetime(lifetime),
        },
    )


def get_password_link_user(db: Database, *, token: str, now: datetime) -> User | None:
    """Whose link this is while it still works, without using it up."""
    with db.reading() as connection:
        return tokens_store.get_password_token_user(connection, token_hash=hash_token(token), now=now)


def reset_password(
    db: Database, *, token: str, new_password: str, now: datetime, lifetime: timedelta = DEFAULT_SESSION_LIFETIME
) -> SignedIn:
    """Use the link up, set the password, end every other session and every API token, and sign this browser in.

    A weak password is refused before the link is used, so the person can try another with the same link.
    """
    _check_new_password(new_password, field="password")
    password_hash = hash_password(new_password)
    with db.transaction() as connection:
        user_id = tokens_store.take_password_token(connection, token_hash=hash_token(token), now=now)
        if user_id is None:
            raise InvalidLink("this link is unknown, used already or expired")
        user = _set_password(connection, user_id=user_id, password_hash=password_hash, now=now)
        if not user.email_confirmed:  # the link reached the address: that confirms it
            users_store.confirm_email(connection, user_id=user_id, email=user.email, now=now)
            user = replace(user, email_confirmed=True)
        session_token = open_session(connection, user_id=user_id, now=now, lifetime=lifetime)
    return SignedIn(user, session_token, now + lifetime)


def change_password(
    db: Database,
    *,
    user_id: int,
    current_password: str,
    new_password: str,
    now: datetime,
    lifetime: timedelta = DEFAULT_SESSION_LIFETIME,
) -> SignedIn:
    """Set a new password after checking the current one; every session and API token ends and this browser gets a
    new session."""
    with db.reading() as connection:
        current_hash = users_store.get_password_hash(connection, user_id=user_id)
    if not verify_password(current_hash, current_password):
        raise InvalidInput({"current_password": "That is not your current password."})
    _check_new_password(new_password, field="new_password")
    password_hash = hash_password(new_password)
    with db.transaction() as connection:
        user = _set_password(connection, user_id=user_id, password_hash=password_hash, now=now)
        session_token = open_session(connection, user_id=user_id, now=now, lifetime=lifetime)
    return SignedIn(user, session_token, now + lifetime)


def describe_lifetime(lifetime: timedelta) -> str:
    """'60 minutes', '7 days': how long a link works, for the email."""
    minutes = int(lifetime.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} day{'s' if days != 1 else ''}"
    if minutes % 60 == 0 and minutes > 60:
        return f"{minutes // 60} hours"
    return f"{minutes} minutes"


def _set_password(connection: Connection, *, user_id: int, password_hash: str, now: datetime) -> User:
    users_store.set_password_hash(connection, user_id=user_id, password_hash=password_hash, now=now)
    # A new password ends every session and API token (a thief's included) and voids every other outstanding link.
    sessions_store.delete_user_sessions(connection, user_id=user_id)
    api_tokens_store.delete_user_api_tokens(connection, user_id=user_id)
    tokens_store.delete_password_tokens(connection, user_id=user_id)
    user = users_store.get_user(connection, user_id=user_id)
    assert user is not None  # the row the statement above updated
    return user


def _check_new_password(password: str, *, field: str) -> None:
    try:
        check_password(password, field=field)
    except InvalidField as error:
        raise InvalidInput({error.field: error.message}) from None
