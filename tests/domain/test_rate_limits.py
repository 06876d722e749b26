from datetime import UTC, datetime

import pytest

from dailypapers.domain.rate_limits import InvalidRate, Rate, parse_rate


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("10/minute", Rate(10, 60)),
        ("5 / hour", Rate(5, 3600)),
        ("100/day", Rate(100, 86400)),
        ("30/15minutes", Rate(30, 900)),
        ("2/seconds", Rate(2, 1)),
        ("0/minute", Rate(0, 60)),
    ],
)
def test_rates_parse(text: str, rate: Rate) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "10", "ten/minute", "10/fortnight", "10/0minutes", "-1/minute"])
def test_malformed_rates_are_refused(text: str) -> None:
    with pytest.raises(InvalidRate):
        parse_rate(text)


def test_a_zero_limit_turns_the_check_off() -> None:
    assert not parse_rate("0/minute").enabled and parse_rate("1/minute").enabled


def test_windows_are_aligned_so_every_worker_agrees() -> None:
    rate = Rate(10, 3600)
    now = datetime(2025, 6, 12, 9, 41, 7, tzinfo=UTC)
    assert rate.window_start(now) == datetime(2025, 6, 12, 9, tzinfo=UTC)
    assert rate.window_end(now) == datetime(2025, 6, 12, 10, tzinfo=UTC)
