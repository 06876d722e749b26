"""Concurrent submissions against a real, committing database on each dialect: one entry per paper and day,
and a member's daily cap, hold when requests arrive at the same moment."""

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import daily_entries
from dailypapers.domain.submissions import SubmissionRules
from dailypapers.domain.users import Role, User
from dailypapers.services.errors import Refusal, Refused
from dailypapers.services.submissions import submit_paper
from dailypapers.store import users as users_store
from dailypapers.store.paper_writes import upsert_papers
from tests.conftest import _dialects, fresh_engine
from tests.factories import NOW, make_record
from tests.fakes.arxiv_feed import FakePaper
from tests.fakes.arxiv_fixtures import MakeArxivClient
from tests.fakes.arxiv_server import FakeArxiv

RECENT = NOW - timedelta(days=1)


@pytest.fixture(params=_dialects())
def committing_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    engine = fresh_engine(request.param, tmp_path)
    yield Database(engine)
    engine.dispose()


def store_members(db: Database, count: int) -> list[User]:
    with db.transaction() as connection:
        members = [
            users_store.insert_user(
                connection,
                email=f"racer{n}@example.org",
                username=f"racer{n}",
                role=Role.MEMBER,
                password_hash=None,
                now=NOW,
                email_confirmed=True,
            )
            for n in range(count)
        ]
    return [member for member in members if member is not None]


def store_papers(db: Database, count: int) -> list[str]:
    records = [make_record(published_at=RECENT) for _ in range(count)]
    with db.transaction() as connection:
        upsert_papers(connection, records, now=NOW)
    return [record.arxiv_id for record in records]


def all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together; each result is its return value or the Refused it raised."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        try:
            return call()
        except Refused as refused:
            return refused

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def count_entries(db: Database) -> int:
    with db.reading() as connection:
        return connection.execute(select(func.count()).select_from(daily_entries)).scalar_one()


def submitter(db: Database, member: User, arxiv_id: str, **options: Any) -> Callable[[], Any]:
    options.setdefault("fetcher", None)
    options.setdefault("rules", SubmissionRules())
    return lambda: submit_paper(db, text=arxiv_id, comment=None, user=member, now=NOW, **options)


def test_members_submitting_one_paper_at_once_make_one_entry(committing_db: Database) -> None:
    members = store_members(committing_db, 4)
    [arxiv_id] = store_papers(committing_db, 1)
    outcomes = all_at_once([submitter(committing_db, member, arxiv_id) for member in members])
    refused = [outcome for outcome in outcomes if isinstance(outcome, Refused)]
    assert len(refused) == 3 and {error.refusal for error in refused} == {Refusal.ALREADY_ON_LIST}
    assert all("already on today's list" in str(error) for error in refused)
    assert count_entries(committing_db) == 1


def test_a_member_submitting_many_at_once_stops_at_the_cap(committing_db: Database) -> None:
    [member] = store_members(committing_db, 1)
    papers = store_papers(committing_db, 6)
    outcomes = all_at_once([submitter(committing_db, member, arxiv_id) for arxiv_id in papers])
    refused = [outcome for outcome in outcomes if isinstance(outcome, Refused)]
    assert len(refused) == 3 and {error.refusal for error in refused} == {Refusal.DAILY_CAP_REACHED}
    assert count_entries(committing_db) == 3


def test_two_members_submitting_a_paper_new_to_the_site_at_once_make_one_entry(
    committing_db: Database,
    fake_arxiv: FakeArxiv,
    make_arxiv_client: MakeArxivClient,
    arxiv_rows: dict[str, dict[str, Any]],
) -> None:
    row = next(iter(arxiv_rows.values()))
    fake_arxiv.add(replace(FakePaper.from_row(row), arxiv_id="2506.99990", versions=(RECENT,)))
    members = store_members(committing_db, 2)
    fetcher = make_arxiv_client(min_interval=0)
    outcomes = all_at_once([submitter(committing_db, member, "2506.99990", fetcher=fetcher) for member in members])
    assert sum(isinstance(outcome, Refused) for outcome in outcomes) == 1
    assert count_entries(committing_db) == 1
