"""A clock for tests: sleeping moves it forward at once and is written down, so waits can be checked."""

from __future__ import annotations


class FakeClock:
    def __init__(self, *, wall: float = 1_782_864_000.0) -> None:  # 2026-07-01T00:00:00Z
        self.now = 0.0
        self._wall_at_zero = wall
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self._wall_at_zero + self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
