from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from dailypapers.domain.submissions import MAX_COMMENT_LENGTH, SubmissionRules, clean_comment
from dailypapers.domain.users import InvalidField

THURSDAY_LATE = datetime(2025, 6, 12, 23, 30, tzinfo=UTC)


def test_today_is_the_instance_s_day_not_always_utc_s() -> None:
    assert SubmissionRules().local_day(THURSDAY_LATE) == date(2025, 6, 12)
    paris = SubmissionRules(timezone=ZoneInfo("Europe/Paris"))
    assert paris.local_day(THURSDAY_LATE) == date(2025, 6, 13)


def test_weekends_close_only_when_the_instance_says_so() -> None:
    saturday, monday = date(2025, 6, 14), date(2025, 6, 16)
    assert SubmissionRules().is_open_on(saturday)
    closed = SubmissionRules(weekends=False)
    assert not closed.is_open_on(saturday) and not closed.is_open_on(date(2025, 6, 15))
    assert closed.is_open_on(monday)


def test_a_paper_is_too_old_one_day_past_the_limit() -> None:
    rules = SubmissionRules(max_age_days=14)
    day = date(2025, 6, 15)
    assert not rules.is_too_old(datetime(2025, 6, 1, 18, tzinfo=UTC), day=day)  # 14 days
    assert rules.is_too_old(datetime(2025, 5, 31, 23, tzinfo=UTC), day=day)  # 15 days
    assert not rules.is_too_old(None, day=day)
    assert not SubmissionRules(max_age_days=0).is_too_old(datetime(1999, 1, 1, tzinfo=UTC), day=day)


def test_the_cap_is_reached_at_the_cap_and_zero_means_none() -> None:
    assert not SubmissionRules(daily_cap=3).is_cap_reached(2)
    assert SubmissionRules(daily_cap=3).is_cap_reached(3)
    assert not SubmissionRules(daily_cap=0).is_cap_reached(1000)


def test_waiting_for_tomorrow_counts_to_local_midnight() -> None:
    assert SubmissionRules().seconds_until_tomorrow(THURSDAY_LATE) == 30 * 60
    paris = SubmissionRules(timezone=ZoneInfo("Europe/Paris"))  # 01:30 on Friday there
    assert paris.seconds_until_tomorrow(THURSDAY_LATE) == 22 * 3600 + 30 * 60


def test_comments_lose_control_characters_and_blank_means_none() -> None:
    assert clean_comment("  Worth\x00 a read\n") == "Worth a read"
    assert clean_comment("   ") is None and clean_comment(None) is None
    with pytest.raises(InvalidField) as error:
        clean_comment("x" * (MAX_COMMENT_LENGTH + 1))
    assert error.value.field == "comment"
