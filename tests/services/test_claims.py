"""Author claims: filed by members, decided by admins, one verified member per author position."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from dailypapers.db.engine import Database
from dailypapers.db.schema import author_claims
from dailypapers.domain.claims import ClaimStatus
from dailypapers.domain.users import User
from dailypapers.services.claims import (
    claim_author,
    decide_claim,
    get_authorship,
    list_member_claims,
    list_member_papers,
    review_claims,
    withdraw_claim,
)
from dailypapers.services.errors import Forbidden, InvalidInput, NotFound, Refusal, Refused
from dailypapers.services.papers import require_paper
from tests.factories import NOW

AUTHORS = ("Grace Hopper", "Zoë Müller", "Alan Turing")


@pytest.fixture
def paper_id(make_paper: Callable[..., str]) -> str:
    return make_paper(authors=AUTHORS)


def refused(call: Callable[[], object]) -> Refusal:
    with pytest.raises(Refused) as error:
        call()
    return error.value.refusal


def test_a_member_claims_an_author_by_position_or_by_name(
    db: Database, paper_id: str, make_user: Callable[..., User]
) -> None:
    by_position = claim_author(db, arxiv_id=paper_id, user=make_user(), position=1, note=" It's me ", now=NOW)
    assert (by_position.author_name, by_position.status, by_position.note) == (
        "Zoë Müller",
        ClaimStatus.PENDING,
        "It's me",
    )
    by_name = claim_author(db, arxiv_id=paper_id, user=make_user(), name="zoe muller", now=NOW)
    assert by_name.author_position == 1


def test_claims_name_an_author_of_that_paper(db: Database, paper_id: str, make_user: Callable[..., User]) -> None:
    member = make_user()
    assert (
        refused(lambda: claim_author(db, arxiv_id=paper_id, user=member, position=3, now=NOW)) is Refusal.UNKNOWN_AUTHOR
    )
    assert (
        refused(lambda: claim_author(db, arxiv_id=paper_id, user=member, name="Ada", now=NOW)) is Refusal.UNKNOWN_AUTHOR
    )
    assert refused(lambda: claim_author(db, arxiv_id="2401.00000", user=member, position=0, now=NOW)) is (
        Refusal.UNKNOWN_PAPER
    )
    with pytest.raises(InvalidInput):
        claim_author(db, arxiv_id=paper_id, user=member, now=NOW)


def test_a_member_has_one_claim_per_paper(db: Database, paper_id: str, make_user: Callable[..., User]) -> None:
    member = make_user()
    claim_author(db, arxiv_id=paper_id, user=member, position=0, now=NOW)
    assert refused(lambda: claim_author(db, arxiv_id=paper_id, user=member, position=2, now=NOW)) is (
        Refusal.ALREADY_CLAIMED
    )


def test_approving_verifies_the_member_and_rejects_rival_claims(
    db: Database, paper_id: str, make_user: Callable[..., User]
) -> None:
    ada, eve, bob = make_user(username="ada"), make_user(username="eve"), make_user(username="bob")
    admin = make_user(role="admin", username="root1")
    mine = claim_author(db, arxiv_id=paper_id, user=ada, position=1, now=NOW)
    rival = claim_author(db, arxiv_id=paper_id, user=eve, position=1, now=NOW)
    other = claim_author(db, arxiv_id=paper_id, user=bob, position=2, now=NOW)
    later = NOW + timedelta(hours=2)
    approved = decide_claim(db, claim_id=mine.id, admin=admin, approve=True, now=later)
    assert (approved.status, approved.decided_at) == (ClaimStatus.APPROVED, later)
    assert approved.decided_by is not None and approved.decided_by.username == "root1"
    rejected = review_claims(db, status=ClaimStatus.REJECTED).claims
    assert [(claim.id, claim.decided_at) for claim in rejected] == [(rival.id, later)]
    pending = review_claims(db)
    assert pending.claims == list_member_claims(db, user_id=bob.id) and pending.rivals == {other.id: []}
    paper = require_paper(db, arxiv_id=paper_id)
    authorship = get_authorship(db, paper=paper, viewer=ada)
    assert authorship.verified == {1: approved.claimant}
    assert authorship.own_claim is not None and authorship.own_claim.id == mine.id
    papers, total = list_member_papers(db, user_id=ada.id)
    assert [found.arxiv_id for found in papers] == [paper_id] and total == 1


def test_a_verified_author_cannot_be_claimed_or_approved_for_another(
    db: Database, paper_id: str, make_user: Callable[..., User]
) -> None:
    admin = make_user(role="admin")
    early = claim_author(db, arxiv_id=paper_id, user=make_user(), position=0, now=NOW)
    late = claim_author(db, arxiv_id=paper_id, user=make_user(), position=0, now=NOW)
    decide_claim(db, claim_id=early.id, admin=admin, approve=True, now=NOW)
    assert refused(lambda: claim_author(db, arxiv_id=paper_id, user=make_user(), position=0, now=NOW)) is (
        Refusal.AUTHOR_VERIFIED
    )
    assert refused(lambda: decide_claim(db, claim_id=late.id, admin=admin, approve=True, now=NOW)) is (
        Refusal.AUTHOR_VERIFIED
    )


def test_rejecting_an_approved_claim_revokes_the_badge(
    db: Database, paper_id: str, make_user: Callable[..., User]
) -> None:
    admin, member = make_user(role="admin"), make_user()
    claim = claim_author(db, arxiv_id=paper_id, user=member, position=2, now=NOW)
    decide_claim(db, claim_id=claim.id, admin=admin, approve=True, now=NOW)
    decide_claim(db, claim_id=claim.id, admin=admin, approve=False, now=NOW)
    paper = require_paper(db, arxiv_id=paper_id)
    assert get_authorship(db, paper=paper, viewer=None).verified == {}
    assert list_member_papers(db, user_id=member.id) == ([], 0)


def test_only_admins_decide(db: Database, paper_id: str, make_user: Callable[..., User]) -> None:
    claim = claim_author(db, arxiv_id=paper_id, user=make_user(), position=0, now=NOW)
    with pytest.raises(Forbidden):
        decide_claim(db, claim_id=claim.id, admin=make_user(role="curator"), approve=True, now=NOW)
    with pytest.raises(NotFound):
        decide_claim(db, claim_id=claim.id + 1000, admin=None, approve=True, now=NOW)


def test_a_member_withdraws_their_claim_but_not_a_rejected_one(
    db: Database, paper_id: str, make_user: Callable[..., User]
) -> None:
    member, stranger = make_user(), make_user()
    claim = claim_author(db, arxiv_id=paper_id, user=member, position=0, now=NOW)
    with pytest.raises(NotFound):
        withdraw_claim(db, claim_id=claim.id, user=stranger)
    withdraw_claim(db, claim_id=claim.id, user=member)
    assert list_member_claims(db, user_id=member.id) == []
    again = claim_author(db, arxiv_id=paper_id, user=member, position=0, now=NOW)
    decide_claim(db, claim_id=again.id, admin=None, approve=False, now=NOW)
    assert refused(lambda: withdraw_claim(db, claim_id=again.id, user=member)) is Refusal.CLAIM_DECIDED


def test_the_database_holds_one_approved_claimant_per_position(
    db: Database, paper_id: str, make_user: Callable[..., User]
) -> None:
    first = claim_author(db, arxiv_id=paper_id, user=make_user(), position=0, now=NOW)
    second = claim_author(db, arxiv_id=paper_id, user=make_user(), position=0, now=NOW)
    with pytest.raises(IntegrityError), db.transaction() as connection:
        connection.execute(
            update(author_claims).where(author_claims.c.id.in_([first.id, second.id])).values(status="approved")
        )
