"""Password hashing with argon2id (argon2-cffi), its parameters chosen by the library's RFC 9106 profile."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Module state only so tests can swap in a cheap profile; building a hasher does no work.
HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; a missing hash is checked against a dummy to take the same time."""
    try:
        return HASHER.verify(password_hash or _dummy_hash(HASHER), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's, so sign-in should store a new one."""
    return HASHER.check_needs_rehash(password_hash)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    # Verified when an address is unknown, so that a wrong address costs as long as a wrong password.
    return hasher.hash("not anyone's password")
