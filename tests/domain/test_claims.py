from dataclasses import replace
from datetime import UTC, datetime

from dailypapers.domain.claims import AuthorClaim, ClaimStatus, place_verified_authors
from dailypapers.domain.users import MemberRef

ADA = MemberRef(1, "ada", "Ada L.")
BOB = MemberRef(2, "bob", None)
CLAIM = AuthorClaim(
    id=1,
    paper_id=1,
    arxiv_id="2406.01234",
    paper_title="T",
    author_position=1,
    author_name="Zoë Müller",
    claimant=ADA,
    status=ClaimStatus.APPROVED,
    note=None,
    created_at=datetime(2025, 6, 1, tzinfo=UTC),
    decided_at=None,
    decided_by=None,
)


def test_an_approved_claim_sits_at_its_position() -> None:
    assert place_verified_authors(("A One", "Zoë Müller", "C"), [CLAIM]) == {1: ADA}


def test_a_claim_follows_its_name_when_the_byline_is_reordered() -> None:
    assert place_verified_authors(("Zoe Muller", "A One"), [CLAIM]) == {0: ADA}


def test_a_name_gone_from_the_byline_shows_no_one() -> None:
    assert place_verified_authors(("A One", "B Two"), [CLAIM]) == {}


def test_pending_and_rejected_claims_verify_no_one() -> None:
    claims = [
        replace(CLAIM, status=ClaimStatus.PENDING),
        replace(CLAIM, id=2, claimant=BOB, status=ClaimStatus.REJECTED),
    ]
    assert place_verified_authors(("A One", "Zoë Müller"), claims) == {}
