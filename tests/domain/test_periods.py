from datetime import date

import pytest

from dailypapers.domain.periods import InvalidPeriod, parse_day, parse_month, parse_week, period_of


def test_iso_week_runs_monday_to_sunday() -> None:
    week = parse_week("2025-W24")
    assert (week.start, week.last_day) == (date(2025, 6, 9), date(2025, 6, 15))
    assert week.key == "2025-W24"


def test_week_one_can_start_in_the_previous_year() -> None:
    week = parse_week("2025-W01")
    assert week.start == date(2024, 12, 30)
    assert week.key == "2025-W01"


def test_december_ends_at_the_new_year() -> None:
    month = parse_month("2025-12")
    assert (month.start, month.end) == (date(2025, 12, 1), date(2026, 1, 1))


def test_period_of_finds_the_enclosing_week_and_month() -> None:
    assert period_of("week", date(2025, 6, 12)).key == "2025-W24"
    assert period_of("month", date(2025, 6, 12)).key == "2025-06"
    assert period_of("day", date(2025, 6, 12)).key == "2025-06-12"


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_day, "2025-13-01"),
        (parse_day, "2025-02-30"),
        (parse_day, "12/06/2025"),
        (parse_week, "2025-W54"),
        (parse_week, "2025-24"),
        (parse_month, "2025-00"),
        (parse_month, "2025-6"),
    ],
)
def test_malformed_periods_are_refused(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidPeriod):
        parse(text)
