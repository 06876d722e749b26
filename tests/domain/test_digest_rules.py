"""Pure digest rules: periods, schedules, picks, topics, signed links and the retry backoff."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dailypapers.domain.digest_periods import digest_period, due_periods
from dailypapers.domain.digest_picks import CandidatePaper, Section, match_topics, pick_digest_papers
from dailypapers.domain.digests import retry_delay, should_give_up
from dailypapers.domain.schedules import DailyAt, Every
from dailypapers.domain.signed_links import check_link, get_link_subject, sign_link
from dailypapers.domain.signing import Purpose
from dailypapers.domain.subscriptions import Cadence, TopicKind, make_topic, parse_topics
from dailypapers.domain.users import InvalidField

NOW = datetime(2025, 6, 12, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("send_date", "cadence", "covers"),
    [
        (date(2025, 6, 12), Cadence.DAILY, (date(2025, 6, 11), date(2025, 6, 12))),  # Thursday: Wednesday
        (date(2025, 6, 16), Cadence.DAILY, (date(2025, 6, 13), date(2025, 6, 16))),  # Monday: Friday to Sunday
        (date(2025, 6, 14), Cadence.DAILY, None),  # Saturday: none
        (date(2025, 6, 16), Cadence.WEEKLY, (date(2025, 6, 9), date(2025, 6, 16))),  # Monday: the previous week
        (date(2025, 6, 17), Cadence.WEEKLY, None),
    ],
)
def test_digest_periods_cover_every_day_once(
    send_date: date, cadence: Cadence, covers: tuple[date, date] | None
) -> None:
    period = digest_period(cadence, send_date=send_date)
    assert (None if period is None else (period.start, period.end)) == covers


def test_daily_periods_of_consecutive_weekdays_meet_without_gaps() -> None:
    periods = due_periods(send_date=date(2025, 6, 2), cadences=(Cadence.DAILY,))  # a Monday
    for offset in range(1, 14):
        periods += due_periods(send_date=date(2025, 6, 2) + timedelta(days=offset), cadences=(Cadence.DAILY,))
    assert all(earlier.end == later.start for earlier, later in itertools.pairwise(periods))
    assert [p.label for p in periods[:2]] == ["30 May – 1 June 2025", "Monday 2 June 2025"]


def test_a_daily_schedule_follows_the_local_clock_across_summer_time() -> None:
    paris = DailyAt(hour=7, zone=ZoneInfo("Europe/Paris"))
    assert paris.latest_slot(datetime(2025, 6, 12, 5, 0, tzinfo=UTC)) == datetime(2025, 6, 12, 5, 0, tzinfo=UTC)
    assert paris.latest_slot(datetime(2025, 6, 12, 4, 59, tzinfo=UTC)) == datetime(2025, 6, 11, 5, 0, tzinfo=UTC)
    # 30 March 2025: clocks go forward; 07:00 that day is 05:00 UTC, the day before 06:00 UTC.
    assert paris.latest_slot(datetime(2025, 3, 30, 5, 30, tzinfo=UTC)) == datetime(2025, 3, 30, 5, 0, tzinfo=UTC)
    assert paris.next_slot(datetime(2025, 3, 29, 7, tzinfo=UTC)) == datetime(2025, 3, 30, 5, 0, tzinfo=UTC)


def test_an_interval_schedule_has_fixed_slots() -> None:
    every = Every(minutes=10)
    assert every.latest_slot(datetime(2025, 6, 12, 9, 17, 3, tzinfo=UTC)) == datetime(2025, 6, 12, 9, 10, tzinfo=UTC)
    assert every.next_slot(datetime(2025, 6, 12, 9, 17, tzinfo=UTC)) == datetime(2025, 6, 12, 9, 20, tzinfo=UTC)


def paper(
    paper_id: int, title: str, *, categories: tuple[str, ...] = (), authors: tuple[str, ...] = ()
) -> CandidatePaper:
    return CandidatePaper(paper_id, title, "An abstract.", categories, authors)


def test_topics_match_words_categories_and_authors() -> None:
    papers = [
        paper(1, "Diffusion Transformers at scale", categories=("cs.CV",)),
        paper(2, "A transformer for proteins", categories=("q-bio.BM",), authors=("ada-lovelace",)),
        paper(3, "Scaling laws", categories=("cs.LG", "cs.CV")),
    ]
    keyword = make_topic(TopicKind.KEYWORD, "transformers")
    phrase = make_topic(TopicKind.KEYWORD, "diffusion transformer")
    category = make_topic(TopicKind.CATEGORY, "cs.cv")
    author = make_topic(TopicKind.AUTHOR, "Ada  Lovelace")
    matches = match_topics([keyword, phrase, category, author], papers)
    assert matches == {keyword: [1, 2], phrase: [1], category: [1, 3], author: [2]}


def test_picks_take_trending_then_topics_in_turn_never_twice_never_again() -> None:
    diffusion = make_topic(TopicKind.KEYWORD, "diffusion")
    agents = make_topic(TopicKind.KEYWORD, "agents")
    picks = pick_digest_papers(
        trending=[1, 2, 3, 4],
        topics=[diffusion, agents],
        topic_matches={diffusion: [2, 5, 6, 7], agents: [5, 8]},
        already_sent={3},
        trending_count=2,
        for_you_count=3,
    )
    assert [(pick.paper_id, pick.section) for pick in picks] == [
        (1, Section.TRENDING),
        (2, Section.TRENDING),
        (5, Section.FOR_YOU),  # diffusion's best unseen (2 is in trending already)
        (8, Section.FOR_YOU),  # then agents' (5 is taken)
        (6, Section.FOR_YOU),
    ]
    assert picks[2].reason == "Matches your keyword “diffusion”" and picks[3].reason == "Matches your keyword “agents”"


def test_topics_typed_in_a_form_are_checked() -> None:
    assert [topic.value for topic in parse_topics(TopicKind.CATEGORY, "cs.CL, hep-th astro-ph.CO;math")] == [
        "cs.CL",
        "hep-th",
        "astro-ph.CO",
        "math",
    ]
    with pytest.raises(InvalidField, match="not an arXiv category"):
        parse_topics(TopicKind.CATEGORY, "cs.CL, <script>")
    with pytest.raises(InvalidField, match="At most 20"):
        parse_topics(TopicKind.KEYWORD, "\n".join(f"word{n}" for n in range(21)))
    with pytest.raises(InvalidField, match="no word"):
        parse_topics(TopicKind.KEYWORD, "!!!")


CONFIRM, MANAGE = Purpose.SUBSCRIPTION_CONFIRM, Purpose.SUBSCRIPTION_MANAGE


def test_signed_links_bind_purpose_subject_address_and_expiry() -> None:
    secret = b"s3cret"
    token = sign_link(
        secret=secret, purpose=CONFIRM, subject_id=42, binding="ada@example.org", expires_at=NOW + timedelta(hours=1)
    )
    assert get_link_subject(token) == 42 and "ada" not in token
    assert check_link(secret=secret, purpose=CONFIRM, token=token, binding="ada@example.org", now=NOW)
    assert not check_link(
        secret=secret, purpose=CONFIRM, token=token, binding="ada@example.org", now=NOW + timedelta(hours=1)
    )
    assert not check_link(secret=secret, purpose=MANAGE, token=token, binding="ada@example.org", now=NOW)
    assert not check_link(secret=secret, purpose=CONFIRM, token=token, binding="eve@example.org", now=NOW)
    assert not check_link(secret=b"other", purpose=CONFIRM, token=token, binding="ada@example.org", now=NOW)
    forged = token.replace("42.", "43.", 1)
    assert not check_link(secret=secret, purpose=CONFIRM, token=forged, binding="ada@example.org", now=NOW)
    lasting = sign_link(secret=secret, purpose=MANAGE, subject_id=42, binding="ada@example.org", expires_at=None)
    assert check_link(
        secret=secret, purpose=MANAGE, token=lasting, binding="ada@example.org", now=NOW + timedelta(days=3650)
    )
    assert get_link_subject("42") is None and get_link_subject("x.0." + "A" * 43) is None


def test_temporary_failures_wait_longer_each_time_then_give_up() -> None:
    waits = [retry_delay(attempt_count=n) for n in range(1, 9)]
    assert [int(wait.total_seconds() // 60) for wait in waits] == [5, 10, 20, 40, 80, 160, 240, 240]
    assert not should_give_up(attempt_count=7) and should_give_up(attempt_count=8)
