"""Rate limits: count an attempt at an action against each key (client address, account) and refuse past the limit.

Counters live in the database, so every web worker sees the same counts. Add an action by adding a
`rate_limit_<action>` setting and calling `enforce_rate_limit` before the work.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import datetime

from dailypapers.db.engine import Database
from dailypapers.domain.rate_limits import Rate
from dailypapers.domain.users import normalise_email
from dailypapers.services.errors import RateLimitExceeded
from dailypapers.store.rate_limits import count_hit, delete_expired_rate_limits


def enforce_rate_limit(db: Database, *, action: str, rate: Rate, keys: Sequence[str], now: datetime) -> None:
    """Count one attempt against each key; raise RateLimitExceeded when any key is over the limit.

    Refused attempts count too: a client that keeps trying stays refused until the window ends, no longer.
    """
    if not rate.enabled or not keys:
        return
    window_start = rate.window_start(now)
    window_end = rate.window_end(now)
    with db.transaction() as connection:
        hits = [
            count_hit(connection, action=action, key=key, window_start=window_start, expires_at=window_end)
            for key in dict.fromkeys(keys)
        ]
    if 1 in hits:
        # A window opened, so one may have closed: sweep the ended ones, in a transaction of its own so that
        # the sweep never holds a counter's row lock while waiting for another's (no deadlock on PostgreSQL).
        purge_expired_rate_limits(db, now=now)
    if max(hits) > rate.limit:
        raise RateLimitExceeded(action, retry_after=max(1, math.ceil((window_end - now).total_seconds())))


def purge_expired_rate_limits(db: Database, *, now: datetime) -> int:
    with db.transaction() as connection:
        return delete_expired_rate_limits(connection, now=now)


def ip_key(address: str) -> str:
    return f"ip:{address}"


def user_key(user_id: int) -> str:
    return f"user:{user_id}"


def email_key(email: str) -> str:
    """A key per address asked about (sign-in, password reset), stored as a digest rather than the address."""
    return "email:" + hashlib.sha256(normalise_email(email).encode()).hexdigest()[:40]
