"""Reading Retry-After and spreading backoffs."""

from __future__ import annotations

import random

import pytest

from dailypapers.sources.retries import RetryPolicy, parse_retry_after

NOW = 1_782_864_000.0  # 2026-07-01T00:00:00Z


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Wed, 01 Jul 2026 00:01:30 GMT", 90.0),
        ("Wednesday, 01-Jul-26 00:00:10 GMT", 10.0),  # RFC 850, obsolete but allowed
        ("Wed Jul  1 00:00:05 2026", 5.0),  # asctime: GMT without saying so
        ("Tue, 30 Jun 2026 23:00:00 GMT", 0.0),  # already past
    ],
)
def test_retry_after_reads_seconds_and_http_dates(header: str, seconds: float) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize("header", [None, "", "soon", "-5", "1.5"])
def test_unreadable_retry_after_is_none(header: str | None) -> None:
    assert parse_retry_after(header, now=NOW) is None


def test_backoff_doubles_up_to_the_cap_with_jitter_in_the_upper_half() -> None:
    policy = RetryPolicy(backoff_base=2.0, backoff_max=10.0)
    rng = random.Random(7)

    for failures, ceiling in [(1, 2.0), (2, 4.0), (3, 8.0), (4, 10.0), (9, 10.0)]:
        waits = [policy.backoff(failures, rng=rng) for _ in range(200)]
        assert ceiling / 2 <= min(waits) < max(waits) <= ceiling


def test_at_least_one_attempt() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
