"""Users: signing up and confirming the address, accounts an operator creates, roles, profiles and looking people
up. The code says "user" in every layer; pages and emails say "member" and "account"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.passwords import hash_password
from dailypapers.domain.signed_links import get_link_subject
from dailypapers.domain.users import (
    InvalidField,
    Role,
    User,
    check_display_name,
    check_email,
    check_password,
    check_username,
    get_valid_email,
    get_valid_username,
    normalise_email,
    suggest_username,
)
from dailypapers.services.email_links import EMAIL_CONFIRM_LIFETIME, EmailLinks
from dailypapers.services.errors import InvalidInput, InvalidLink, NotFound
from dailypapers.services.mail import Mailer
from dailypapers.services.passwords import describe_lifetime, send_password_link
from dailypapers.services.sessions import DEFAULT_SESSION_LIFETIME, SignedIn, open_session
from dailypapers.store import users as users_store

EMAIL_TAKEN = "An account with this email address exists already. Sign in, or reset its password."
USERNAME_TAKEN = "This username is taken; choose another."


def sign_up(
    db: Database,
    mailer: Mailer,
    links: EmailLinks,
    *,
    email: str,
    username: str,
    password: str,
    now: datetime,
    lifetime: timedelta = DEFAULT_SESSION_LIFETIME,
) -> SignedIn:
    """Create a member account, sign it in and email a link to confirm the address (until then the member reads
    and subscribes, but does not post or vote); InvalidInput names every field to fix, and nothing is written."""
    errors: dict[str, str] = {}
    email = _checked(errors, check_email, email)
    username = _checked(errors, check_username, username)
    _checked(errors, check_password, password)
    with db.reading() as connection:
        errors = _taken(connection, email=email, username=username, skip=errors) | errors
    if errors:
        raise InvalidInput(errors)
    password_hash = hash_password(password)  # slow on purpose, so not inside the transaction
    with db.transaction() as connection:
        user = _insert_or_explain(
            connection,
            email=email,
            username=username,
            role=Role.MEMBER,
            password_hash=password_hash,
            now=now,
            email_confirmed=False,
        )
        token = open_session(connection, user_id=user.id, now=now, lifetime=lifetime)
    send_email_confirmation(mailer, links, user=user, now=now)
    return SignedIn(user, token, now + lifetime)


def send_email_confirmation(mailer: Mailer, links: EmailLinks, *, user: User, now: datetime) -> None:
    """Email the member a link that confirms their address (again, if they ask: any unexpired link works)."""
    link = links.email_confirm_url(user_id=user.id, email=user.email, now=now)
    context = {"username": user.username, "link": link, "valid_for": describe_lifetime(EMAIL_CONFIRM_LIFETIME)}
    mailer.send("email_confirm", to=user.email, context=context)


def confirm_email(db: Database, links: EmailLinks, *, token: str, now: datetime) -> User:
    """Confirm the address the link was sent to; InvalidLink when it is forged, expired, or the account's address
    has changed since. Following it twice is harmless."""
    user_id = get_link_subject(token)
    with db.transaction() as connection:
        user = users_store.get_user(connection, user_id=user_id) if user_id is not None else None
        if user is None or not links.check_email_confirm(token=token, email=user.email, now=now):
            raise InvalidLink("this confirmation link is not valid or has expired; ask for a new one")
        users_store.confirm_email(connection, user_id=user.id, email=user.email, now=now)
    return replace(user, email_confirmed=True)


def create_user(
    db: Database,
    mailer: Mailer,
    *,
    email: str,
    username: str | None,
    role: Role,
    password: str | None,
    now: datetime,
    invite_lifetime: timedelta,
) -> User:
    """An account made by an operator. Without a password, the person gets a link to choose one."""
    errors: dict[str, str] = {}
    email = _checked(errors, check_email, email)
    if username is not None:
        username = _checked(errors, check_username, username)
    if password is not None:
        _checked(errors, check_password, password)
    if errors:
        raise InvalidInput(errors)
    password_hash = hash_password(password) if password is not None else None
    with db.transaction() as connection:
        chosen = username if username is not None else _free_username(connection, suggest_username(email))
        # The operator vouches for the address they typed; an invited person proves it by setting a password.
        user = _insert_or_explain(
            connection,
            email=email,
            username=chosen,
            role=role,
            password_hash=password_hash,
            now=now,
            email_confirmed=True,
        )
    if password is None:
        send_password_link(db, mailer, user=user, template="account_invite", now=now, lifetime=invite_lifetime)
    return user


def set_role(db: Database, *, email: str, role: Role, now: datetime) -> User:
    address = get_valid_email(email)
    with db.transaction() as connection:
        user = users_store.get_user_by_email(connection, email=address) if address else None
        if user is None:
            raise NotFound(f"no account has the email address {normalise_email(email)}")
        users_store.set_role(connection, user_id=user.id, role=role, now=now)
        updated = users_store.get_user(connection, user_id=user.id)
    assert updated is not None  # read in the transaction that just updated it
    return updated


def update_display_name(db: Database, *, user_id: int, display_name: str, now: datetime) -> None:
    try:
        name = check_display_name(display_name)
    except InvalidField as error:
        raise InvalidInput({error.field: error.message}) from None
    with db.transaction() as connection:
        users_store.set_display_name(connection, user_id=user_id, display_name=name, now=now)


def list_users(db: Database) -> list[User]:
    with db.reading() as connection:
        return users_store.list_users(connection)


def get_user(db: Database, *, user_id: int) -> User | None:
    with db.reading() as connection:
        return users_store.get_user(connection, user_id=user_id)


def get_user_by_username(db: Database, *, username: str) -> User | None:
    name = get_valid_username(username)
    if name is None:
        return None
    with db.reading() as connection:
        return users_store.get_user_by_username(connection, username=name)


def require_user_by_username(db: Database, *, username: str) -> User:
    user = get_user_by_username(db, username=username)
    if user is None:
        raise NotFound(f"no member is called {username}")
    return user


def require_user_by_email(db: Database, *, email: str) -> User:
    address = get_valid_email(email)
    user = None
    if address is not None:
        with db.reading() as connection:
            user = users_store.get_user_by_email(connection, email=address)
    if user is None:
        raise NotFound(f"no account has the email address {normalise_email(email)}")
    return user


def _insert_or_explain(
    connection: Connection,
    *,
    email: str,
    username: str,
    role: Role,
    password_hash: str | None,
    now: datetime,
    email_confirmed: bool,
) -> User:
    user = users_store.insert_user(
        connection,
        email=email,
        username=username,
        role=role,
        password_hash=password_hash,
        now=now,
        email_confirmed=email_confirmed,
    )
    if user is not None:
        return user
    # The insert changed nothing: someone took the email or the username since it was checked.
    raise InvalidInput(_taken(connection, email=email, username=username, skip={}) or {"email": EMAIL_TAKEN})


def _taken(connection: Connection, *, email: str, username: str, skip: dict[str, str]) -> dict[str, str]:
    """A message for each of the two unique fields some account holds already; fields in `skip` (invalid
    already) are not looked up."""
    errors = {}
    if "email" not in skip and users_store.get_user_by_email(connection, email=email) is not None:
        errors["email"] = EMAIL_TAKEN
    if "username" not in skip and users_store.get_user_by_username(connection, username=username) is not None:
        errors["username"] = USERNAME_TAKEN
    return errors


def _free_username(connection: Connection, base: str) -> str:
    candidate, suffix = base, 1
    while users_store.get_user_by_username(connection, username=candidate) is not None:
        suffix += 1
        candidate = f"{base[: 32 - len(str(suffix))]}{suffix}"
    return candidate


def _checked(errors: dict[str, str], check: Callable[[str], str], value: str) -> str:
    """The checked value, or the value as given with its field's message added to `errors`."""
    try:
        return check(value)
    except InvalidField as error:
        errors[error.field] = error.message
        return value
