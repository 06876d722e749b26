"""Taking turns with an outside service: one request at a time per host in this process, spaced at least
`min_interval` apart, and the timer those waits run on (injectable, so tests do not sleep).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Timer(Protocol):
    """Intervals and waits, which must not jump when the wall clock (domain/clock.py) is set."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemTimer:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class Turn:
    """The caller's turn with the service; held until the request (and its answer) is done."""

    def __init__(self, limiter: RateLimiter) -> None:
        self._limiter = limiter

    def defer(self, seconds: float) -> None:
        """Hold every caller back `seconds` from now: the service asked for a pause, or is failing."""
        limiter = self._limiter
        limiter._next_at = max(limiter._next_at or 0.0, limiter.timer.monotonic() + seconds)


class RateLimiter:
    """Thread-safe: callers queue on one lock, so at most one request is in flight, and each starts at
    least `min_interval` after the previous one finished. Counting from the end, not the start, keeps the
    gap the service sees at `min_interval` however long its answers or the network take."""

    def __init__(self, *, min_interval: float, timer: Timer | None = None) -> None:
        if min_interval < 0:
            raise ValueError(f"min_interval must be >= 0, not {min_interval}")
        self.min_interval = min_interval
        self.timer: Timer = timer or SystemTimer()
        self._lock = threading.Lock()
        self._next_at: float | None = None

    @contextmanager
    def turn(self) -> Iterator[Turn]:
        with self._lock:
            now = self.timer.monotonic()
            if self._next_at is not None and self._next_at > now:
                self.timer.sleep(self._next_at - now)
            try:
                yield Turn(self)
            finally:
                self._next_at = max(self._next_at or 0.0, self.timer.monotonic() + self.min_interval)


_shared: dict[str, RateLimiter] = {}
_shared_lock = threading.Lock()


def shared_rate_limiter(host: str, *, min_interval: float) -> RateLimiter:
    """The one limiter for `host` in this process, so two clients of one service still take turns.

    A later caller may lengthen the interval but never shorten it: the politest request wins.
    """
    with _shared_lock:
        limiter = _shared.get(host)
        if limiter is None:
            limiter = _shared[host] = RateLimiter(min_interval=min_interval)
        else:
            limiter.min_interval = max(limiter.min_interval, min_interval)
        return limiter
