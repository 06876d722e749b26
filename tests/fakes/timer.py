"""A timer for tests: sleeping moves it forward at once and is written down, so waits can be checked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeTimer:
    def __init__(self, *, wall: datetime = datetime(2026, 7, 1, tzinfo=UTC)) -> None:
        self.now = 0.0
        self._wall_at_zero = wall
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)

    def wall_clock(self) -> datetime:
        """The `Clock` (domain/clock.py) that moves with this timer's sleeps."""
        return self._wall_at_zero + timedelta(seconds=self.now)
