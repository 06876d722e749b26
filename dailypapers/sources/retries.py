"""When to try an outside service again: how many attempts, how long to back off, and how to read the
service's own `Retry-After`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 4
    # The first retry waits about `backoff_base` seconds, doubling after each failure up to `backoff_max`.
    backoff_base: float = 3.0
    backoff_max: float = 30.0
    # A longer Retry-After means giving up now: retrying sooner than asked is exactly what it forbids.
    max_retry_after: float = 120.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be >= 1, not {self.max_attempts}")

    def backoff(self, failures: int, *, rng: random.Random) -> float:
        """Seconds to wait after the `failures`-th failure: a random point in the upper half of the
        exponential step, so clients that failed together do not come back together."""
        ceiling = min(self.backoff_max, self.backoff_base * 2.0 ** (failures - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait from a `Retry-After` header, which holds either seconds or an HTTP date
    (RFC 9110 §10.2.3); `now` is wall-clock epoch seconds. None when absent or unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        # HTTP dates are always GMT; the obsolete asctime form just does not say so.
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)
