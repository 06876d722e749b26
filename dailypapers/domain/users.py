"""Users and roles, and the rules an email address, a username, a display name and a password must meet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dailypapers.domain.common_passwords import COMMON_PASSWORDS
from dailypapers.domain.text import collapse_whitespace

USERNAME_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,30}[a-z0-9])?")
# Enough to catch typos; deliverability is proven by the emails themselves, not by a pattern.
EMAIL_PATTERN = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
MAX_EMAIL_LENGTH = 254
MAX_DISPLAY_NAME_LENGTH = 80
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; a bound keeps a hash from being a denial of service
# Words that would shadow pages under /users/ or impersonate the site.
RESERVED_USERNAMES = frozenset({"admin", "administrator", "api", "account", "me", "root", "signin", "signup", "system"})


class Role(StrEnum):
    MEMBER = "member"
    CURATOR = "curator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def includes(self, other: Role) -> bool:
        """Whether this role may do what `other` may: an admin is a curator is a member."""
        return self.rank >= other.rank


_RANKS = {Role.MEMBER: 0, Role.CURATOR: 1, Role.ADMIN: 2}


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    username: str
    display_name: str | None
    role: Role
    has_password: bool
    created_at: datetime
    email_confirmed: bool = True  # False until the member proves they hold the address: they may read, not post

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username


@dataclass(frozen=True, slots=True)
class MemberRef:
    """A member as other people's pages name them: enough to show a name and link the profile."""

    id: int
    username: str
    display_name: str | None

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username


class InvalidField(ValueError):
    """A value a person typed breaks a rule; `field` names the form field, the message says how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalise_email(text: str) -> str:
    """Addresses compare case-insensitively in practice, so one person cannot hold two accounts by case."""
    return text.strip().lower()


def check_email(email: str) -> str:
    email = normalise_email(email)
    if len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.fullmatch(email):
        raise InvalidField("email", "Enter an email address like name@example.org.")
    return email


def get_valid_email(text: str) -> str | None:
    """The normalised address when it could belong to an account, else None: lookups skip what cannot match."""
    try:
        return check_email(text)
    except InvalidField:
        return None


def normalise_username(text: str) -> str:
    return text.strip().lower()


def check_username(username: str) -> str:
    username = normalise_username(username)
    if not USERNAME_PATTERN.fullmatch(username):
        raise InvalidField(
            "username",
            "Usernames are 1 to 32 lower-case letters, digits, '-' or '_', starting and ending with a letter or digit.",
        )
    if username in RESERVED_USERNAMES:
        raise InvalidField("username", f"'{username}' is reserved; choose another username.")
    return username


def get_valid_username(text: str) -> str | None:
    """The normalised username when it could be someone's, else None."""
    username = normalise_username(text)
    return username if USERNAME_PATTERN.fullmatch(username) else None


def check_display_name(text: str) -> str | None:
    """Any printable characters are allowed (they are escaped wherever shown); empty means none."""
    name = collapse_whitespace(text)
    if len(name) > MAX_DISPLAY_NAME_LENGTH:
        raise InvalidField("display_name", f"Display names are at most {MAX_DISPLAY_NAME_LENGTH} characters.")
    return name or None


def check_password(password: str, *, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidField(field, f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidField(field, f"Passwords are at most {MAX_PASSWORD_LENGTH} characters.")
    if password.lower() in COMMON_PASSWORDS:
        raise InvalidField(field, "That password is among the most common ones; choose another.")
    return password


def suggest_username(email: str) -> str:
    """A username made from an address's local part, for accounts an operator creates without one."""
    local = normalise_email(email).split("@", 1)[0]
    candidate = re.sub(r"[^a-z0-9_-]+", "-", local).strip("-_")[:32].strip("-_")
    return candidate if candidate and candidate not in RESERVED_USERNAMES else "member"
