"""When recurring jobs are due: every day at an hour in a time zone, or every so many minutes.

A schedule names its latest slot at or before a moment; a job is due when its last completed run was for an
earlier slot. A worker that was down at the hour runs the job when it comes back, once, not once per missed slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class DailyAt:
    hour: int
    zone: ZoneInfo
    minute: int = 0

    def latest_slot(self, now: datetime) -> datetime:
        local = now.astimezone(self.zone)
        at = time(self.hour, self.minute)
        # From the calendar date, not "24 hours earlier": across a DST change those differ.
        day = local.date() if local.time() >= at else local.date() - timedelta(days=1)
        return datetime.combine(day, at, tzinfo=self.zone).astimezone(UTC)

    def next_slot(self, now: datetime) -> datetime:
        latest = self.latest_slot(now).astimezone(self.zone)
        following = datetime.combine(latest.date() + timedelta(days=1), time(self.hour, self.minute), self.zone)
        return following.astimezone(UTC)

    def describe(self) -> str:
        return f"daily at {self.hour:02d}:{self.minute:02d} {self.zone.key}"


@dataclass(frozen=True, slots=True)
class Every:
    minutes: int

    def latest_slot(self, now: datetime) -> datetime:
        step = timedelta(minutes=self.minutes)
        return _EPOCH + ((now - _EPOCH) // step) * step

    def next_slot(self, now: datetime) -> datetime:
        return self.latest_slot(now) + timedelta(minutes=self.minutes)

    def describe(self) -> str:
        return f"every {self.minutes} minutes"


Schedule = DailyAt | Every
