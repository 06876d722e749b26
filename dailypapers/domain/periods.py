"""Calendar periods of the daily list: a day, an ISO week (`2025-W24`) or a month (`2025-06`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["day", "week", "month"]

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# The latest year a period may fall in: the day after it, and the next period that pages link to, stay within
# Python's dates (9999-12-31 is the last), so no far date ends in an overflow.
LATEST_YEAR = 9998


class InvalidPeriod(ValueError):
    """The text does not name a day, an ISO week or a month (of a year up to LATEST_YEAR)."""


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    start: date
    end: date  # exclusive

    @property
    def key(self) -> str:
        """The period as written in URLs: 2025-06-12, 2025-W24 or 2025-06."""
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


def parse_day(text: str) -> Period:
    if not _DAY.match(text):
        raise InvalidPeriod(f"{text[:40]!r} is not a date of the form YYYY-MM-DD")
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise InvalidPeriod(f"{text!r} is not a real date: {error}") from None
    _require_supported_year(day.year, text)
    return day_period(day)


def parse_week(text: str) -> Period:
    match = _WEEK.match(text)
    if not match:
        raise InvalidPeriod(f"{text[:40]!r} is not an ISO week of the form YYYY-Www")
    _require_supported_year(int(match[1]), text)
    try:
        start = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as error:
        raise InvalidPeriod(f"{text!r} is not a real ISO week: {error}") from None
    return Period("week", start, start + timedelta(days=7))


def parse_month(text: str) -> Period:
    match = _MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise InvalidPeriod(f"{text[:40]!r} is not a month of the form YYYY-MM")
    _require_supported_year(int(match[1]), text)
    return month_period(date(int(match[1]), int(match[2]), 1))


def parse_period(kind: PeriodKind, text: str) -> Period:
    return {"day": parse_day, "week": parse_week, "month": parse_month}[kind](text)


def _require_supported_year(year: int, text: str) -> None:
    if year > LATEST_YEAR:
        raise InvalidPeriod(f"{text!r} is too far in the future: years up to {LATEST_YEAR} only")


def day_period(day: date) -> Period:
    return Period("day", day, day + timedelta(days=1))


def week_period(day: date) -> Period:
    start = day - timedelta(days=day.weekday())
    return Period("week", start, start + timedelta(days=7))


def month_period(day: date) -> Period:
    start = day.replace(day=1)
    end = date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)
    return Period("month", start, end)


def period_of(kind: PeriodKind, day: date) -> Period:
    """The period of the given kind that contains `day`."""
    return {"day": day_period, "week": week_period, "month": month_period}[kind](day)
