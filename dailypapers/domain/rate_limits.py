"""Rates such as `10/minute`, and the fixed windows they are counted in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_PATTERN = re.compile(r"\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class InvalidRate(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Rate:
    """At most `limit` hits per `seconds`; a limit of 0 turns the check off."""

    limit: int
    seconds: int

    @property
    def enabled(self) -> bool:
        return self.limit > 0

    def window_start(self, now: datetime) -> datetime:
        """The start of the window `now` falls in; windows are aligned to the epoch, so all workers agree."""
        elapsed = int((now - _EPOCH).total_seconds())
        return _EPOCH + timedelta(seconds=elapsed - elapsed % self.seconds)

    def window_end(self, now: datetime) -> datetime:
        return self.window_start(now) + timedelta(seconds=self.seconds)


def parse_rate(text: str) -> Rate:
    """`10/minute`, `5/hour`, `100/day`, `30/15minutes`; `0/minute` turns the limit off."""
    match = _PATTERN.fullmatch(text)
    if match is None:
        raise InvalidRate(f"{text!r} is not a rate like '10/minute', '5/hour' or '30/15minutes'")
    count, multiple, unit = match.groups()
    seconds = int(multiple or 1) * _UNITS[unit]
    if seconds == 0:
        raise InvalidRate(f"{text!r} has an empty window")
    return Rate(limit=int(count), seconds=seconds)
