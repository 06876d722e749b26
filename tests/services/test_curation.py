"""Curators on any day's list: adding any paper, pinning and ordering the pinned, removing with a trace."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.curation import CurationAction
from dailypapers.domain.periods import parse_day
from dailypapers.domain.users import User
from dailypapers.services.curation import (
    add_to_list,
    list_curation_log,
    list_day_entries,
    remove_entry,
    update_entry,
)
from dailypapers.services.daily import get_daily_list
from dailypapers.services.errors import Forbidden, InvalidInput, Refusal, Refused
from tests.factories import NOW
from tests.fakes.arxiv_feed import FakePaper
from tests.fakes.arxiv_fixtures import MakeArxivClient
from tests.fakes.arxiv_server import FakeArxiv

DAY = date(2024, 3, 5)  # long past, and the papers older still: curators are held to no submission rule


def order(db: Database, day: date = DAY) -> list[str]:
    return [entry.paper.arxiv_id for entry in list_day_entries(db, day=day)]


def test_a_curator_adds_an_old_paper_to_a_past_day(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    curator = make_user(role="curator", username="cura")
    arxiv_id = make_paper(published_at=datetime(2019, 1, 1, tzinfo=UTC))
    entry = add_to_list(db, day=DAY, text=arxiv_id, comment="A classic", curator=curator, fetcher=None, now=NOW)
    assert (entry.day, entry.comment, entry.pinned) == (DAY, "A classic", False)
    assert entry.submitted_by is not None and entry.submitted_by.username == "cura"
    [event] = list_curation_log(db, day=DAY)
    assert (event.action, event.arxiv_id, event.actor and event.actor.username) == (
        CurationAction.ADD,
        arxiv_id,
        "cura",
    )


def test_a_curator_adds_a_paper_fetched_from_arxiv_pinned(
    db: Database,
    make_user: Callable[..., User],
    fake_arxiv: FakeArxiv,
    make_arxiv_client: MakeArxivClient,
    arxiv_rows: dict[str, dict[str, Any]],
) -> None:
    fake_arxiv.add(FakePaper.from_row(next(iter(arxiv_rows.values())), arxiv_id="2403.99901"))
    entry = add_to_list(
        db,
        day=DAY,
        text="2403.99901",
        comment=None,
        curator=make_user(role="admin"),
        fetcher=make_arxiv_client(),
        now=NOW,
        pin=True,
    )
    assert (entry.pinned, entry.position) == (True, 1)


def test_adding_a_paper_twice_to_a_day_is_refused(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=DAY)
    with pytest.raises(Refused) as error:
        add_to_list(db, day=DAY, text=arxiv_id, comment=None, curator=make_user(role="curator"), fetcher=None, now=NOW)
    assert error.value.refusal is Refusal.ALREADY_ON_LIST and "5 March 2024" in str(error.value)


def test_members_may_not_curate(db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]) -> None:
    arxiv_id = make_paper(day=DAY)
    member = make_user()
    with pytest.raises(Forbidden):
        update_entry(db, day=DAY, arxiv_id=arxiv_id, curator=member, pinned=True, now=NOW)
    with pytest.raises(Forbidden):
        remove_entry(db, day=DAY, arxiv_id=arxiv_id, curator=member, reason=None, now=NOW)
    assert order(db) == [arxiv_id]


def test_pinned_papers_come_first_in_their_order_and_the_rest_by_upvotes(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    curator = make_user(role="curator")
    top, middle, low, lowest = (make_paper(day=DAY, upvotes=votes) for votes in (90, 50, 10, 1))
    for arxiv_id in (lowest, low):
        update_entry(db, day=DAY, arxiv_id=arxiv_id, curator=curator, pinned=True, now=NOW)
    assert order(db) == [lowest, low, top, middle]
    update_entry(db, day=DAY, arxiv_id=low, curator=curator, position=1, now=NOW)
    assert order(db) == [low, lowest, top, middle]
    update_entry(db, day=DAY, arxiv_id=low, curator=curator, pinned=False, now=NOW)
    assert order(db) == [lowest, top, middle, low]
    by_added = get_daily_list(db, period=parse_day(DAY.isoformat()), sort="added")
    assert by_added.entries[0].paper.arxiv_id == lowest  # pinned first whatever the order asked for
    actions = [event.action for event in list_curation_log(db, day=DAY)]
    assert actions == [CurationAction.PIN, CurationAction.PIN, CurationAction.MOVE, CurationAction.UNPIN]


def test_pinning_a_pinned_paper_again_changes_and_logs_nothing(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    curator = make_user(role="curator")
    arxiv_id = make_paper(day=DAY)
    for _ in range(2):
        entry = update_entry(db, day=DAY, arxiv_id=arxiv_id, curator=curator, pinned=True, now=NOW)
    assert (entry.pinned, entry.position) == (True, 1)
    assert len(list_curation_log(db, day=DAY)) == 1


def test_removal_leaves_who_when_why_and_what_in_the_log(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    curator = make_user(role="curator", username="cura")
    first, second, kept = (make_paper(day=DAY, submitter="hf-someone") for _ in range(3))
    for arxiv_id in (first, second):
        update_entry(db, day=DAY, arxiv_id=arxiv_id, curator=curator, pinned=True, now=NOW)
    later = NOW + timedelta(hours=1)
    remove_entry(db, day=DAY, arxiv_id=first, curator=curator, reason="  Off topic\x00 ", now=later)
    assert order(db) == [second, kept]
    assert [entry.position for entry in list_day_entries(db, day=DAY)] == [1, None]  # renumbered
    removal = list_curation_log(db, day=DAY)[-1]
    assert (removal.action, removal.arxiv_id, removal.created_at) == (CurationAction.REMOVE, first, later)
    assert removal.actor is not None and removal.actor.username == "cura" and removal.reason == "Off topic"
    assert removal.detail is not None and "hf-someone (imported)" in removal.detail and "pinned at 1" in removal.detail


def test_acting_on_a_paper_not_on_the_day_is_refused(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=DAY + timedelta(days=1))
    with pytest.raises(Refused) as error:
        remove_entry(db, day=DAY, arxiv_id=arxiv_id, curator=make_user(role="curator"), reason=None, now=NOW)
    assert error.value.refusal is Refusal.NOT_ON_LIST
    with pytest.raises(Refused):
        update_entry(db, day=DAY, arxiv_id="2401.00000", curator=None, pinned=True, now=NOW)


def test_a_removal_reason_over_the_limit_removes_nothing(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=DAY)
    with pytest.raises(InvalidInput):
        remove_entry(db, day=DAY, arxiv_id=arxiv_id, curator=make_user(role="admin"), reason="x" * 501, now=NOW)
    assert order(db) == [arxiv_id]
