"""Secret tokens (sessions, API tokens, password links): made from random bytes, stored only as a SHA-256 digest.

They carry 256 random bits, so a fast digest suffices: there is nothing to guess that a slow hash would protect.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

API_TOKEN_PREFIX = "dp_"  # noqa: S105 - a public marker that lets secret scanners spot leaked tokens
VISIBLE_PREFIX_LENGTH = len(API_TOKEN_PREFIX) + 8


def new_token(*, prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def visible_prefix(token: str) -> str:
    """The start of an API token, stored in the clear so a person can tell their tokens apart."""
    return token[:VISIBLE_PREFIX_LENGTH]


@dataclass(frozen=True, slots=True)
class ApiToken:
    """An API token as its owner sees it later: a name and a prefix, never the secret."""

    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
