"""Which days a digest covers: daily digests go out on weekdays and cover the days since the previous one
(Monday's covers Friday to Sunday); weekly digests go out on Mondays and cover the previous ISO week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dailypapers.domain.subscriptions import Cadence

MONDAY, FRIDAY = 0, 4


@dataclass(frozen=True, slots=True)
class DigestPeriod:
    cadence: Cadence
    send_date: date
    start: date
    end: date  # exclusive

    @property
    def key(self) -> str:
        return f"{self.cadence.value}:{self.send_date.isoformat()}"

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def label(self) -> str:
        """`Thursday 12 June 2025`, `13–15 June 2025`, `week 24: 9–15 June 2025`."""
        first, last = self.start, self.last_day
        if first == last:
            return f"{first:%A} {first.day} {first:%B %Y}"
        span = (
            f"{first.day}–{last.day} {last:%B %Y}"
            if (first.year, first.month) == (last.year, last.month)
            else f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
        )
        if self.cadence is Cadence.WEEKLY:
            return f"week {first.isocalendar().week}: {span}"
        return span


def digest_period(cadence: Cadence, *, send_date: date) -> DigestPeriod | None:
    """The period a digest sent on `send_date` covers, or None when that cadence sends nothing that day."""
    weekday = send_date.weekday()
    if cadence is Cadence.WEEKLY:
        if weekday != MONDAY:
            return None
        return DigestPeriod(cadence, send_date, send_date - timedelta(days=7), send_date)
    if weekday > FRIDAY:
        return None
    since = 3 if weekday == MONDAY else 1
    return DigestPeriod(cadence, send_date, send_date - timedelta(days=since), send_date)


def due_periods(*, send_date: date, cadences: tuple[Cadence, ...] = tuple(Cadence)) -> list[DigestPeriod]:
    """The periods whose digests go out on `send_date`, for the cadences asked about."""
    periods = (digest_period(cadence, send_date=send_date) for cadence in cadences)
    return [period for period in periods if period is not None]
