"""Digests as the ledger holds them, and the delivery rules: the wait after a temporary failure, when to stop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dailypapers.domain.digest_periods import DigestPeriod
from dailypapers.domain.digest_picks import Pick
from dailypapers.domain.subscriptions import Cadence

FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=4)
# 5, 10, 20, 40, 80, 160 minutes, then 4 hours: the last try comes about nine hours after the first.
MAX_ATTEMPTS = 8


class DigestStatus(StrEnum):
    PENDING = "pending"  # created, or waiting to retry after a temporary failure
    SENDING = "sending"  # handed to the SMTP server by `claimed_by`; if that run died, delivery is in doubt
    SENT = "sent"
    FAILED = "failed"  # refused for good (5xx), or too many temporary failures
    CANCELLED = "cancelled"  # the subscriber unsubscribed, paused or was suspended before it went out


@dataclass(frozen=True, slots=True)
class QueuedDigest:
    """A digest waiting to go out, with its address and papers: everything rendering needs but the papers' text."""

    id: int
    subscription_id: int
    email: str
    cadence: Cadence
    send_date: date
    period_start: date
    period_end: date
    message_id: str
    attempt_count: int
    picks: tuple[Pick, ...]
    bounce_count: int = 0  # the subscription's permanent failures in a row so far

    @property
    def period(self) -> DigestPeriod:
        return DigestPeriod(self.cadence, self.send_date, self.period_start, self.period_end)


def retry_delay(*, attempt_count: int) -> timedelta:
    """The wait before the next try after `attempt_count` tries that each failed temporarily: doubling."""
    doubled: timedelta = FIRST_RETRY * 2 ** max(attempt_count - 1, 0)
    return min(doubled, LONGEST_WAIT)


def should_give_up(*, attempt_count: int) -> bool:
    return attempt_count >= MAX_ATTEMPTS
