"""Giving an account that came in an export without its address (`dailypapers export` without
`--include-private`) back to its owner: the operator names the address, the owner gets a link to choose a password,
and everything they wrote is theirs again."""

from __future__ import annotations

from datetime import datetime, timedelta

from dailypapers.db.engine import Database
from dailypapers.domain.users import InvalidField, User, check_email
from dailypapers.services.errors import InvalidInput
from dailypapers.services.instance_exports import PLACEHOLDER_DOMAIN
from dailypapers.services.mail import Mailer
from dailypapers.services.passwords import send_password_link
from dailypapers.services.users import require_user_by_username
from dailypapers.store import users as users_store


def reattach_user(
    db: Database, mailer: Mailer, *, username: str, email: str, now: datetime, invite_lifetime: timedelta
) -> User:
    """Set the address of a placeholder account and email its owner a link to choose a password; raises NotFound
    for an unknown username and InvalidInput for a bad or taken address or an account that has a real one."""
    user = require_user_by_username(db, username=username)
    if not user.email.endswith("@" + PLACEHOLDER_DOMAIN):
        raise InvalidInput({"username": f"{user.username} has an address already ({user.email})"})
    try:
        address = check_email(email)
    except InvalidField as error:
        raise InvalidInput({error.field: error.message}) from None
    with db.transaction() as connection:
        if not users_store.set_email(connection, user_id=user.id, email=address, now=now):
            raise InvalidInput({"email": f"another account has the address {address}"})
        user = users_store.get_user(connection, user_id=user.id) or user
    send_password_link(db, mailer, user=user, template="account_invite", now=now, lifetime=invite_lifetime)
    return user
