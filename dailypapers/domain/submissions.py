"""The rules an instance sets for members' submissions: which day is today, whether the list is open, how old a
paper may be, how many a member may submit a day. Pure functions over dates; the services apply them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dailypapers.domain.text import remove_control_characters
from dailypapers.domain.users import InvalidField

MAX_COMMENT_LENGTH = 500
SATURDAY = 5


@dataclass(frozen=True, slots=True)
class SubmissionRules:
    max_age_days: int = 14  # 0: papers of any age
    daily_cap: int = 3  # 0: no cap
    weekends: bool = True
    timezone: tzinfo = UTC  # whose midnight starts a new day's list

    def local_day(self, now: datetime) -> date:
        """Today, where the instance lives: the day a submission lands on."""
        return now.astimezone(self.timezone).date()

    def is_open_on(self, day: date) -> bool:
        return self.weekends or day.weekday() < SATURDAY

    def is_too_old(self, published_at: datetime | None, *, day: date) -> bool:
        """Published more than `max_age_days` before `day`. A paper with no known date is given the benefit."""
        if self.max_age_days == 0 or published_at is None:
            return False
        return (day - published_at.astimezone(self.timezone).date()).days > self.max_age_days

    def is_cap_reached(self, submitted_today: int) -> bool:
        return self.daily_cap > 0 and submitted_today >= self.daily_cap

    def seconds_until_tomorrow(self, now: datetime) -> int:
        """How long until the next local day opens (a Retry-After for a member at their cap)."""
        tomorrow = datetime.combine(self.local_day(now) + timedelta(days=1), time(0), self.timezone)
        return max(1, math.ceil((tomorrow - now).total_seconds()))


def clean_comment(text: str | None, *, field: str = "comment") -> str | None:
    """A member's note as stored: control characters gone, ends trimmed, empty meaning none; too long is refused."""
    if text is None:
        return None
    cleaned = remove_control_characters(text).strip()
    if len(cleaned) > MAX_COMMENT_LENGTH:
        raise InvalidField(field, f"Keep it to {MAX_COMMENT_LENGTH} characters; this is {len(cleaned)}.")
    return cleaned or None
