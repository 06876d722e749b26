"""Submitting papers: known and unknown papers, arXiv failing, and every rule of the instance."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.submissions import SubmissionRules
from dailypapers.domain.users import User
from dailypapers.services.errors import InvalidInput, Refusal, Refused
from dailypapers.services.papers import get_paper
from dailypapers.services.submissions import get_submission_status, submit_paper
from dailypapers.sources.retries import RetryPolicy
from tests.factories import NOW
from tests.fakes.arxiv_feed import FakePaper
from tests.fakes.arxiv_fixtures import MakeArxivClient
from tests.fakes.arxiv_server import FakeArxiv

TODAY = NOW.date()  # a Thursday
RULES = SubmissionRules()
RECENT = NOW - timedelta(days=2)


def add_to_arxiv(fake_arxiv: FakeArxiv, arxiv_rows: dict[str, dict[str, Any]], arxiv_id: str) -> FakePaper:
    """A paper only (the fake) arXiv knows: a real fixture paper under a new id, published two days ago."""
    row = next(iter(arxiv_rows.values()))
    return fake_arxiv.add(FakePaper.from_row(row, arxiv_id=arxiv_id, versions=(RECENT,)))


def submit(db: Database, user: User, text: str, **options: Any) -> Any:
    options.setdefault("comment", None)
    options.setdefault("fetcher", None)
    options.setdefault("rules", RULES)
    options.setdefault("now", NOW)
    return submit_paper(db, text=text, user=user, **options)


def refusal(call: Callable[[], object]) -> Refused:
    with pytest.raises(Refused) as error:
        call()
    return error.value


def test_a_known_paper_is_added_to_today_at_once_without_asking_arxiv(
    db: Database,
    make_paper: Callable[..., str],
    make_user: Callable[..., User],
    fake_arxiv: FakeArxiv,
    make_arxiv_client: MakeArxivClient,
) -> None:
    arxiv_id = make_paper(published_at=RECENT)
    ada = make_user(username="ada", display_name="Ada L.")
    entry = submit(
        db, ada, f"https://arxiv.org/abs/{arxiv_id}v2", comment=" A clear read. ", fetcher=make_arxiv_client()
    )
    assert (entry.day, entry.paper.arxiv_id, entry.comment) == (TODAY, arxiv_id, "A clear read.")
    assert entry.submitted_by is not None and entry.submitted_by.username == "ada"
    assert entry.submitter_shown == "Ada L." and entry.added_at == NOW
    assert fake_arxiv.requests == []


def test_an_unknown_paper_is_fetched_from_arxiv_stored_and_added(
    db: Database,
    make_user: Callable[..., User],
    fake_arxiv: FakeArxiv,
    make_arxiv_client: MakeArxivClient,
    arxiv_rows: dict[str, dict[str, Any]],
) -> None:
    fake = add_to_arxiv(fake_arxiv, arxiv_rows, "2506.99901")
    entry = submit(db, make_user(), "arXiv:2506.99901", fetcher=make_arxiv_client())
    assert entry.paper.title == fake.title and entry.paper.authors == fake.authors
    assert get_paper(db, arxiv_id="2506.99901") is not None
    assert len(fake_arxiv.requests) == 1


def test_a_paper_arxiv_does_not_have_is_refused_as_unknown(
    db: Database, make_user: Callable[..., User], make_arxiv_client: MakeArxivClient
) -> None:
    error = refusal(lambda: submit(db, make_user(), "2506.99999", fetcher=make_arxiv_client()))
    assert error.refusal is Refusal.UNKNOWN_PAPER and "arXiv has no paper 2506.99999" in str(error)
    assert get_paper(db, arxiv_id="2506.99999") is None


def test_without_lookups_an_unknown_paper_is_refused_saying_so(db: Database, make_user: Callable[..., User]) -> None:
    error = refusal(lambda: submit(db, make_user(), "2506.99999"))
    assert error.refusal is Refusal.UNKNOWN_PAPER and "looks nothing up on arXiv" in str(error)


def test_an_arxiv_error_is_retried_and_the_paper_added(
    db: Database,
    make_user: Callable[..., User],
    fake_arxiv: FakeArxiv,
    make_arxiv_client: MakeArxivClient,
    arxiv_rows: dict[str, dict[str, Any]],
) -> None:
    add_to_arxiv(fake_arxiv, arxiv_rows, "2506.99902")
    fake_arxiv.fail(500)
    entry = submit(db, make_user(), "2506.99902", fetcher=make_arxiv_client())
    assert entry.paper.arxiv_id == "2506.99902" and len(fake_arxiv.requests) == 2


def test_arxiv_asking_to_wait_long_is_unavailable_with_its_retry_after(
    db: Database,
    make_user: Callable[..., User],
    fake_arxiv: FakeArxiv,
    make_arxiv_client: MakeArxivClient,
    arxiv_rows: dict[str, dict[str, Any]],
) -> None:
    add_to_arxiv(fake_arxiv, arxiv_rows, "2506.99903")
    fake_arxiv.fail(503, retry_after="300")
    error = refusal(lambda: submit(db, make_user(), "2506.99903", fetcher=make_arxiv_client()))
    assert error.refusal is Refusal.ARXIV_UNAVAILABLE and error.retry_after == 300
    assert get_paper(db, arxiv_id="2506.99903") is None


def test_a_feed_cut_short_every_time_is_unavailable_and_says_why(
    db: Database,
    make_user: Callable[..., User],
    fake_arxiv: FakeArxiv,
    make_arxiv_client: MakeArxivClient,
    arxiv_rows: dict[str, dict[str, Any]],
) -> None:
    add_to_arxiv(fake_arxiv, arxiv_rows, "2506.99904")
    fake_arxiv.truncate(times=2)
    fetcher = make_arxiv_client(retry=RetryPolicy(max_attempts=2))
    error = refusal(lambda: submit(db, make_user(), "2506.99904", fetcher=fetcher))
    assert error.refusal is Refusal.ARXIV_UNAVAILABLE and "truncated" in str(error)
    assert error.retry_after == 60  # arXiv said nothing: a minute


def test_an_unreadable_id_names_the_field(db: Database, make_user: Callable[..., User]) -> None:
    for text in ("", "not a paper", "2406.1234x", "2406.01234\x00"):
        with pytest.raises(InvalidInput) as error:
            submit(db, make_user(), text)
        assert "arxiv_id" in error.value.errors, text


def test_a_comment_over_the_limit_is_refused_before_anything_happens(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(published_at=RECENT)
    with pytest.raises(InvalidInput) as error:
        submit(db, make_user(), arxiv_id, comment="x" * 501)
    assert "comment" in error.value.errors
    assert get_paper(db, arxiv_id=arxiv_id).first_daily_day is None  # type: ignore[union-attr]


def test_a_paper_already_on_today_s_list_is_refused(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=TODAY, published_at=RECENT)
    error = refusal(lambda: submit(db, make_user(), arxiv_id))
    assert error.refusal is Refusal.ALREADY_ON_LIST and "already on today's list" in str(error)


def test_a_paper_on_an_earlier_day_may_join_today(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=TODAY - timedelta(days=1), published_at=RECENT)
    assert submit(db, make_user(), arxiv_id).day == TODAY


def test_a_paper_past_the_age_limit_is_refused_with_its_date(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(published_at=datetime(2025, 5, 28, 12, tzinfo=UTC))  # 15 days before
    error = refusal(lambda: submit(db, make_user(), arxiv_id))
    assert error.refusal is Refusal.PAPER_TOO_OLD
    assert "28 May 2025, 15 days ago" in str(error) and "at most 14 days" in str(error)
    assert submit(db, make_user(), arxiv_id, rules=SubmissionRules(max_age_days=30)).day == TODAY


def test_the_daily_cap_stops_a_member_and_not_a_curator(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    member, curator = make_user(), make_user(role="curator")
    for _ in range(3):
        submit(db, member, make_paper(published_at=RECENT))
    error = refusal(lambda: submit(db, member, make_paper(published_at=RECENT)))
    assert error.refusal is Refusal.DAILY_CAP_REACHED and "3 papers today" in str(error)
    assert error.retry_after == 15 * 3600  # NOW is 09:00 UTC
    for _ in range(4):
        submit(db, curator, make_paper(published_at=RECENT))
    tomorrow = NOW + timedelta(days=1)
    assert submit(db, member, make_paper(published_at=RECENT), now=tomorrow).day == TODAY + timedelta(days=1)


def test_the_status_says_how_many_a_member_has_left(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    member = make_user()
    submit(db, member, make_paper(published_at=RECENT))
    status = get_submission_status(db, user=member, rules=RULES, now=NOW)
    assert (status.day, status.is_open, status.submitted_count, status.daily_cap) == (TODAY, True, 1, 3)
    assert get_submission_status(db, user=make_user(role="admin"), rules=RULES, now=NOW).daily_cap is None


def test_weekend_submissions_are_refused_when_the_instance_closes_them(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    saturday = datetime(2025, 6, 14, 10, tzinfo=UTC)
    arxiv_id = make_paper(published_at=RECENT)
    closed = SubmissionRules(weekends=False)
    error = refusal(lambda: submit(db, make_user(), arxiv_id, rules=closed, now=saturday))
    assert error.refusal is Refusal.SUBMISSIONS_CLOSED and "Monday" in str(error)
    assert submit(db, make_user(), arxiv_id, now=saturday).day == date(2025, 6, 14)
