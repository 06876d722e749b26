from collections.abc import Callable
from datetime import UTC, date, datetime

from dailypapers.db.engine import Database
from dailypapers.domain.periods import parse_day, parse_month, parse_week
from dailypapers.services.daily import get_daily_list, get_latest_day


def test_a_day_lists_its_papers_most_upvoted_first(db: Database, make_paper: Callable[..., str]) -> None:
    low = make_paper(day=date(2025, 6, 12), upvotes=3)
    high = make_paper(day=date(2025, 6, 12), upvotes=40)
    make_paper(day=date(2025, 6, 13), upvotes=99)
    listing = get_daily_list(db, period=parse_day("2025-06-12"), sort="upvotes")
    assert [entry.paper.arxiv_id for entry in listing.entries] == [high, low]
    assert listing.total == 2


def test_sort_by_time_added_puts_the_latest_first(db: Database, make_paper: Callable[..., str]) -> None:
    day = date(2025, 6, 12)
    early = make_paper(day=day, upvotes=50, added_at=datetime(2025, 6, 12, 1, tzinfo=UTC))
    late = make_paper(day=day, upvotes=1, added_at=datetime(2025, 6, 12, 9, tzinfo=UTC))
    listing = get_daily_list(db, period=parse_day("2025-06-12"), sort="added")
    assert [entry.paper.arxiv_id for entry in listing.entries] == [late, early]


def test_previous_and_next_skip_empty_days(db: Database, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 6, 9))
    make_paper(day=date(2025, 6, 12))
    make_paper(day=date(2025, 6, 16))
    listing = get_daily_list(db, period=parse_day("2025-06-12"), sort="upvotes")
    assert listing.previous is not None and listing.previous.key == "2025-06-09"
    assert listing.next is not None and listing.next.key == "2025-06-16"


def test_week_and_month_navigation_lands_on_periods_with_papers(db: Database, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 5, 2))
    make_paper(day=date(2025, 6, 12))
    make_paper(day=date(2025, 8, 20))
    week = get_daily_list(db, period=parse_week("2025-W24"), sort="upvotes")
    assert week.total == 1
    assert week.previous is not None and week.previous.key == "2025-W18"
    assert week.next is not None and week.next.key == "2025-W34"
    month = get_daily_list(db, period=parse_month("2025-06"), sort="upvotes")
    assert (month.previous and month.previous.key, month.next and month.next.key) == ("2025-05", "2025-08")


def test_an_empty_day_points_to_the_nearest_day_with_papers(db: Database, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 6, 2))
    make_paper(day=date(2025, 6, 12))
    listing = get_daily_list(db, period=parse_day("2025-06-10"), sort="upvotes")
    assert listing.entries == [] and listing.nearest_day == date(2025, 6, 12)


def test_a_paper_on_two_days_of_a_week_is_listed_once(db: Database, make_paper: Callable[..., str]) -> None:
    from dailypapers.store.daily_writes import add_daily_entries
    from dailypapers.store.papers import get_paper

    arxiv_id = make_paper(day=date(2025, 6, 10))
    with db.transaction() as connection:
        paper = get_paper(connection, arxiv_id=arxiv_id)
        assert paper is not None
        add_daily_entries(connection, entries=[(date(2025, 6, 12), paper.id, datetime(2025, 6, 12, tzinfo=UTC), None)])
    listing = get_daily_list(db, period=parse_week("2025-W24"), sort="upvotes")
    assert [entry.day for entry in listing.entries] == [date(2025, 6, 10)]
    assert listing.total == 1


def test_paging_reports_whether_more_follow(db: Database, make_paper: Callable[..., str]) -> None:
    for upvotes in range(5):
        make_paper(day=date(2025, 6, 12), upvotes=upvotes)
    first = get_daily_list(db, period=parse_day("2025-06-12"), sort="upvotes", offset=0, limit=3)
    second = get_daily_list(db, period=parse_day("2025-06-12"), sort="upvotes", offset=3, limit=3)
    assert (len(first.entries), first.has_more, len(second.entries), second.has_more) == (3, True, 2, False)
    assert {e.paper.arxiv_id for e in first.entries}.isdisjoint({e.paper.arxiv_id for e in second.entries})


def test_the_latest_day_is_the_front_page(db: Database, make_paper: Callable[..., str]) -> None:
    assert get_latest_day(db) is None
    make_paper(day=date(2025, 6, 12))
    make_paper(day=date(2025, 6, 13))
    latest = get_latest_day(db)
    assert latest is not None and latest.key == "2025-06-13"
