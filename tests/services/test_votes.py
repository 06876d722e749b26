from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dailypapers.db.engine import Database
from dailypapers.db.schema import papers
from dailypapers.domain.trending import VOTE_WEIGHT, base_key, event_key, log_add, score_at
from dailypapers.domain.users import Role, User
from dailypapers.services.errors import NotFound
from dailypapers.services.votes import cast_vote, get_voted_paper_ids, withdraw_vote
from dailypapers.store import users as users_store
from dailypapers.store.daily_writes import add_daily_entries
from dailypapers.store.paper_writes import raise_imported_counts, upsert_papers
from dailypapers.store.papers import get_paper_id
from tests.conftest import _dialects, fresh_engine
from tests.factories import NOW, make_record


def stored(db: Database, arxiv_id: str) -> tuple[int, float | None]:
    with db.reading() as connection:
        row = connection.execute(
            select(papers.c.upvote_count, papers.c.trending_key).where(papers.c.arxiv_id == arxiv_id)
        ).one()
    return row.upvote_count, row.trending_key


def test_upvote_twice_is_idempotent(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id, user = make_paper(day=date(2025, 6, 12), upvotes=5), make_user()
    first = cast_vote(db, arxiv_id=arxiv_id, user_id=user.id, now=NOW)
    second = cast_vote(db, arxiv_id=arxiv_id, user_id=user.id, now=NOW + timedelta(hours=1))
    assert (first.upvote_count, first.voted) == (6, True) and second == first
    assert stored(db, arxiv_id)[0] == 6


def test_withdrawing_takes_back_the_count_and_the_trending_term(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12), upvotes=3)
    count_before, key_before = stored(db, arxiv_id)
    users = [make_user() for _ in range(3)]
    for hours, user in enumerate(users):
        cast_vote(db, arxiv_id=arxiv_id, user_id=user.id, now=NOW + timedelta(hours=hours))
    assert stored(db, arxiv_id)[0] == count_before + 3
    for user in users:
        state = withdraw_vote(db, arxiv_id=arxiv_id, user_id=user.id)
        assert not state.voted
    count_after, key_after = stored(db, arxiv_id)
    assert count_after == count_before and key_after == pytest.approx(key_before, abs=1e-9)
    assert withdraw_vote(db, arxiv_id=arxiv_id, user_id=users[0].id).upvote_count == count_before


def test_the_last_vote_withdrawn_leaves_no_trending_key(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id, user = make_paper(), make_user()
    cast_vote(db, arxiv_id=arxiv_id, user_id=user.id, now=NOW)
    assert stored(db, arxiv_id) == (1, pytest.approx(event_key(at=NOW, weight=VOTE_WEIGHT)))
    withdraw_vote(db, arxiv_id=arxiv_id, user_id=user.id)
    assert stored(db, arxiv_id) == (0, None)


def test_voting_on_an_unknown_paper_is_not_found(db: Database, make_user: Callable[..., User]) -> None:
    with pytest.raises(NotFound):
        cast_vote(db, arxiv_id="2401.99999", user_id=make_user().id, now=NOW)


def test_a_page_asks_once_which_papers_the_member_upvoted(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    ids = [make_paper() for _ in range(3)]
    user, other = make_user(), make_user()
    cast_vote(db, arxiv_id=ids[1], user_id=user.id, now=NOW)
    cast_vote(db, arxiv_id=ids[2], user_id=other.id, now=NOW)
    with db.reading() as connection:
        paper_ids = [get_paper_id(connection, arxiv_id=arxiv_id) for arxiv_id in ids]
    assert get_voted_paper_ids(db, user_id=user.id, paper_ids=paper_ids) == {paper_ids[1]}  # type: ignore[arg-type]
    assert get_voted_paper_ids(db, user_id=None, paper_ids=paper_ids) == set()  # type: ignore[arg-type]


@pytest.mark.parametrize("dialect", _dialects())
def test_concurrent_votes_are_each_counted_exactly(dialect: str, tmp_path: Path) -> None:
    """Forty members vote at once from eight threads, ten of them twice and ten withdrawing: nothing is lost."""
    engine = fresh_engine(dialect, tmp_path)
    db = Database(engine)
    try:
        record = make_record()
        with db.transaction() as connection:
            paper_id = upsert_papers(connection, [record], now=NOW).paper_ids[record.arxiv_id]
            raise_imported_counts(connection, counts={paper_id: (7, 0)})
            add_daily_entries(connection, entries=[(NOW.date(), paper_id, NOW, None)])
            user_ids = [
                users_store.insert_user(
                    connection,
                    email=f"v{n}@example.org",
                    username=f"v{n}",
                    role=Role.MEMBER,
                    password_hash=None,
                    now=NOW,
                    email_confirmed=True,
                ).id  # type: ignore[union-attr]
                for n in range(40)
            ]
        when = {user_id: NOW + timedelta(minutes=n) for n, user_id in enumerate(user_ids)}

        def vote(user_id: int) -> None:
            cast_vote(db, arxiv_id=record.arxiv_id, user_id=user_id, now=when[user_id])
            if user_id in user_ids[:10]:
                cast_vote(db, arxiv_id=record.arxiv_id, user_id=user_id, now=when[user_id])
            if user_id in user_ids[10:20]:
                withdraw_vote(db, arxiv_id=record.arxiv_id, user_id=user_id)

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(vote, user_ids))

        count, key = stored(db, record.arxiv_id)
        assert count == 7 + 30
        expected = base_key(imported_upvotes=7, stars=record.github_stars, joined_at=NOW)
        for user_id in user_ids[:10] + user_ids[20:]:
            expected = log_add(expected, event_key(at=when[user_id], weight=VOTE_WEIGHT))
        at = NOW + timedelta(hours=2)
        assert score_at(key, at=at) == pytest.approx(score_at(expected, at=at), rel=1e-9)
    finally:
        engine.dispose()
