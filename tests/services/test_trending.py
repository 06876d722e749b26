from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.periods import parse_day
from dailypapers.domain.users import User
from dailypapers.services.comments import add_comment
from dailypapers.services.trending import get_period_trending, get_trending
from dailypapers.services.votes import cast_vote
from dailypapers.store.trending import list_trending
from tests.factories import NOW


@pytest.fixture
def vote(db: Database, make_user: Callable[..., User]) -> Callable[..., None]:
    def cast(arxiv_id: str, *, count: int, at: datetime) -> None:
        for _ in range(count):
            cast_vote(db, arxiv_id=arxiv_id, user_id=make_user().id, now=at)

    return cast


def ids(listing: object) -> list[str]:
    return [item.entry.paper.arxiv_id for item in listing.items]  # type: ignore[attr-defined]


def test_recent_momentum_beats_an_older_total(
    db: Database, make_paper: Callable[..., str], vote: Callable[..., None]
) -> None:
    older = make_paper(day=date(2025, 6, 7), upvotes=100)
    fresh = make_paper(day=date(2025, 6, 12))
    vote(fresh, count=10, at=NOW - timedelta(hours=2))
    make_paper(day=date(2025, 6, 1), upvotes=500)  # outside the 7-day window
    listing = get_trending(db, now=NOW, window_days=7)
    assert ids(listing) == [fresh, older] and not listing.fell_back
    assert listing.items[0].score == pytest.approx(10 * 0.5 ** (2 / 24))


def test_comments_and_code_count_for_less_than_upvotes(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User], vote: Callable[..., None]
) -> None:
    voted = make_paper(day=date(2025, 6, 12))
    discussed = make_paper(day=date(2025, 6, 12))
    coded = make_paper(day=date(2025, 6, 12), github_repo="https://github.com/o/r", github_stars=99, added_at=NOW)
    vote(voted, count=3, at=NOW)
    for _ in range(3):
        add_comment(db, arxiv_id=discussed, user_id=make_user().id, body="Interesting.", now=NOW)
    listing = get_trending(db, now=NOW, window_days=7)
    assert ids(listing) == [coded, voted, discussed]  # 2·log10(100) = 4 > 3 upvotes > 3 · 0.5
    assert [round(item.score, 6) for item in listing.items] == [4.0, 3.0, 1.5]


def test_why_is_this_here_adds_up_to_the_score(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User], vote: Callable[..., None]
) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 9), upvotes=20, github_repo="https://github.com/o/r", github_stars=1500)
    vote(arxiv_id, count=2, at=NOW - timedelta(hours=3))
    vote(arxiv_id, count=1, at=NOW - timedelta(days=2))
    add_comment(db, arxiv_id=arxiv_id, user_id=make_user().id, body="Code works.", now=NOW - timedelta(hours=1))
    (item,) = get_trending(db, now=NOW, window_days=7).items
    lines = {line.label: line for line in item.explanation.contributions}
    assert lines["upvotes in the last 24 hours"].count == 2 and lines["upvotes 1–3 days old"].count == 1
    assert lines["GitHub stars when it joined the list"].count == 1500 and lines["comments"].count == 1
    assert sum(line.points for line in lines.values()) == pytest.approx(item.score, rel=1e-9)


def test_an_earlier_as_of_date_ignores_later_votes(
    db: Database, make_paper: Callable[..., str], vote: Callable[..., None]
) -> None:
    early = make_paper(day=date(2025, 6, 9), upvotes=5)
    late_riser = make_paper(day=date(2025, 6, 9), upvotes=4)
    vote(late_riser, count=30, at=NOW)
    assert ids(get_trending(db, now=NOW, window_days=7)) == [late_riser, early]
    before = get_trending(db, now=NOW, window_days=7, as_of=date(2025, 6, 10))
    assert ids(before) == [early, late_riser] and before.at == datetime(2025, 6, 11, tzinfo=UTC)


def test_scores_from_the_stored_key_equal_scores_summed_from_events(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User], vote: Callable[..., None]
) -> None:
    for day, imported, recent in ((8, 40, 1), (10, 12, 4), (11, 0, 6), (12, 3, 2)):
        arxiv_id = make_paper(
            day=date(2025, 6, day), upvotes=imported, github_stars=day * 10, github_repo="https://x.org"
        )
        vote(arxiv_id, count=recent, at=NOW - timedelta(hours=day))
        add_comment(db, arxiv_id=arxiv_id, user_id=make_user().id, body="hm", now=NOW - timedelta(hours=2 * day))
    with db.reading() as connection:
        kwargs = {"start": date(2025, 6, 6), "end": date(2025, 6, 13), "at": NOW, "offset": 0, "limit": 10}
        live = list_trending(connection, live=True, **kwargs)  # type: ignore[arg-type]
        summed = list_trending(connection, live=False, **kwargs)  # type: ignore[arg-type]
    assert [row.entry.id for row in live] == [row.entry.id for row in summed]
    assert [row.score for row in live] == pytest.approx([row.score for row in summed], rel=1e-9)


def test_an_empty_window_falls_back_to_the_latest_addition(db: Database, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 5, 10), upvotes=90)  # outside the window that ends with the latest addition
    arxiv_id = make_paper(day=date(2025, 5, 20), upvotes=9, added_at=datetime(2025, 5, 20, 7, 50, tzinfo=UTC))
    listing = get_trending(db, now=NOW, window_days=7)
    assert listing.fell_back and listing.at == datetime(2025, 5, 20, 7, 50, tzinfo=UTC)
    assert ids(listing) == [arxiv_id] and listing.items[0].score == pytest.approx(9.0)
    assert listing.start == date(2025, 5, 14) and listing.end == date(2025, 5, 21)


def test_a_fall_back_to_an_addition_at_midnight_keeps_its_day(db: Database, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(day=date(2025, 5, 20), upvotes=9, added_at=datetime(2025, 5, 20, tzinfo=UTC))
    listing = get_trending(db, now=NOW, window_days=7)
    assert listing.fell_back and listing.at == datetime(2025, 5, 20, tzinfo=UTC) and listing.end == date(2025, 5, 21)
    assert ids(listing) == [arxiv_id]


def test_a_periods_papers_rank_by_their_score_at_its_end(
    db: Database, make_paper: Callable[..., str], vote: Callable[..., None]
) -> None:
    popular = make_paper(day=date(2025, 6, 11), upvotes=30, added_at=datetime(2025, 6, 11, 1, tzinfo=UTC))
    rising = make_paper(day=date(2025, 6, 11), upvotes=1, added_at=datetime(2025, 6, 11, 9, tzinfo=UTC))
    vote(rising, count=40, at=NOW)  # the next day: after the period
    listing = get_period_trending(db, period=parse_day("2025-06-11"), now=NOW)
    assert ids(listing) == [popular, rising] and listing.at == datetime(2025, 6, 12, tzinfo=UTC)
