"""Users: rows in, `User` dataclasses out. Password hashes leave only through `get_credentials`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Row, select, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import users
from dailypapers.domain.users import Role, User

USER_COLUMNS = (
    users.c.id,
    users.c.email,
    users.c.username,
    users.c.display_name,
    users.c.role,
    users.c.password_hash.is_not(None).label("has_password"),
    users.c.created_at,
    users.c.email_confirmed_at.is_not(None).label("email_confirmed"),
)


def insert_user(
    connection: Connection,
    *,
    email: str,
    username: str,
    role: Role,
    password_hash: str | None,
    now: datetime,
    email_confirmed: bool,
) -> User | None:
    """The new user, or None when the email or the username is taken already."""
    statement = (
        insert_ignoring_conflicts(connection, users)
        .values(
            email=email,
            username=username,
            role=role.value,
            password_hash=password_hash,
            email_confirmed_at=now if email_confirmed else None,
            created_at=now,
            updated_at=now,
        )
        .returning(users.c.id)
    )
    user_id = connection.execute(statement).scalar_one_or_none()
    # Read back rather than RETURNING the columns: SQLite 3.40 evaluates `password_hash IS NOT NULL` wrongly there.
    return None if user_id is None else get_user(connection, user_id=user_id)


def get_user(connection: Connection, *, user_id: int) -> User | None:
    return _first(connection, users.c.id == user_id)


def get_user_by_email(connection: Connection, *, email: str) -> User | None:
    return _first(connection, users.c.email == email)


def get_user_by_username(connection: Connection, *, username: str) -> User | None:
    return _first(connection, users.c.username == username)


def get_credentials(connection: Connection, *, email: str) -> tuple[User, str | None] | None:
    """The user with this address and their password hash (None when they have not set a password)."""
    row = connection.execute(select(*USER_COLUMNS, users.c.password_hash).where(users.c.email == email)).first()
    return None if row is None else (user_from_row(row), row.password_hash)


def get_password_hash(connection: Connection, *, user_id: int) -> str | None:
    found: str | None = connection.execute(select(users.c.password_hash).where(users.c.id == user_id)).scalar()
    return found


def list_users(connection: Connection) -> list[User]:
    return [user_from_row(row) for row in connection.execute(select(*USER_COLUMNS).order_by(users.c.id))]


def set_password_hash(connection: Connection, *, user_id: int, password_hash: str, now: datetime) -> None:
    connection.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash, updated_at=now))


def confirm_email(connection: Connection, *, user_id: int, email: str, now: datetime) -> bool:
    """Mark the address confirmed, if the user still has it and had not confirmed it; whether anything changed."""
    statement = (
        update(users)
        .where(users.c.id == user_id, users.c.email == email, users.c.email_confirmed_at.is_(None))
        .values(email_confirmed_at=now, updated_at=now)
    )
    return connection.execute(statement).rowcount > 0


def set_role(connection: Connection, *, user_id: int, role: Role, now: datetime) -> None:
    connection.execute(update(users).where(users.c.id == user_id).values(role=role.value, updated_at=now))


def set_display_name(connection: Connection, *, user_id: int, display_name: str | None, now: datetime) -> None:
    connection.execute(update(users).where(users.c.id == user_id).values(display_name=display_name, updated_at=now))


def lock_user(connection: Connection, *, user_id: int) -> None:
    """Hold the user's row until the transaction ends, so that checks of their own counts (a daily cap) run one
    at a time. PostgreSQL locks the row; SQLite's write transactions are serial already."""
    connection.execute(select(users.c.id).where(users.c.id == user_id).with_for_update())


def user_from_row(row: Row[tuple[object, ...]]) -> User:
    """A User from a row holding USER_COLUMNS (other stores join users and reuse this)."""
    values = row._mapping
    return User(
        id=values["id"],
        email=values["email"],
        username=values["username"],
        display_name=values["display_name"],
        role=Role(values["role"]),
        has_password=bool(values["has_password"]),
        created_at=values["created_at"],
        email_confirmed=bool(values["email_confirmed"]),
    )


def _first(connection: Connection, condition: ColumnElement[bool]) -> User | None:
    row = connection.execute(select(*USER_COLUMNS).where(condition)).first()
    return None if row is None else user_from_row(row)


def set_email(connection: Connection, *, user_id: int, email: str, now: datetime) -> bool:
    """Give the account a new address, confirmed (an operator vouches for it); False when another account has it."""
    taken = connection.execute(select(users.c.id).where(users.c.email == email, users.c.id != user_id)).first()
    if taken is not None:
        return False
    statement = update(users).where(users.c.id == user_id).values(email=email, email_confirmed_at=now, updated_at=now)
    connection.execute(statement)
    return True
