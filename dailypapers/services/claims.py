"""Members claiming author names on papers, and admins deciding: one claim per member and paper, one approved
claimant per author position (a partial unique index holds it under races), rivals rejected on approval.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from dailypapers.db.engine import Database
from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.authors import author_key
from dailypapers.domain.claims import AuthorClaim, ClaimStatus, place_verified_authors
from dailypapers.domain.papers import Paper
from dailypapers.domain.submissions import clean_comment
from dailypapers.domain.users import InvalidField, MemberRef, Role, User
from dailypapers.services.errors import Forbidden, InvalidInput, NotFound, Refusal, Refused
from dailypapers.store import claims as claims_store
from dailypapers.store import papers as papers_store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Authorship:
    """A paper's verified authors by byline position, and the viewer's own claim on it."""

    verified: dict[int, MemberRef]
    own_claim: AuthorClaim | None


def claim_author(
    db: Database,
    *,
    arxiv_id: str,
    user: User,
    now: datetime,
    position: int | None = None,
    name: str | None = None,
    note: str | None = None,
) -> AuthorClaim:
    """File `user`'s claim to be the author at `position` (0-based) or named `name` on the paper, for an admin."""
    try:
        note = clean_comment(note, field="note")
    except InvalidField as error:
        raise InvalidInput({error.field: error.message}) from None
    unknown = Refused(Refusal.UNKNOWN_PAPER, f"no paper {arxiv_id[:80]} is indexed here")
    try:
        arxiv_id = parse_arxiv_id(arxiv_id).id
    except InvalidArxivId:
        raise unknown from None
    with db.transaction() as connection:
        paper = papers_store.get_paper(connection, arxiv_id=arxiv_id)
        if paper is None:
            raise unknown
        position = _find_position(paper, position=position, name=name)
        verified = claims_store.get_verified_claim(connection, paper_id=paper.id, author_position=position)
        if verified is not None and verified.claimant.id != user.id:
            raise Refused(
                Refusal.AUTHOR_VERIFIED,
                f"@{verified.claimant.username} is already verified as {paper.authors[position]} on this paper; "
                "if that is wrong, tell the site's admins.",
            )
        claim_id = claims_store.insert_claim(
            connection,
            paper_id=paper.id,
            author_position=position,
            author_name=paper.authors[position],
            user_id=user.id,
            note=note,
            now=now,
        )
        if claim_id is None:
            raise Refused(Refusal.ALREADY_CLAIMED, "You have claimed an author name on this paper already.")
        claim = claims_store.get_claim(connection, claim_id=claim_id)
    assert claim is not None
    log.info("%s claims to be %s on %s", user.username, claim.author_name, arxiv_id)
    return claim


def withdraw_claim(db: Database, *, claim_id: int, user: User) -> AuthorClaim:
    """A member takes back their own claim, pending or approved; a rejected one stays, so it is not filed again.
    Returns the claim as it was."""
    with db.transaction() as connection:
        claim = claims_store.get_claim(connection, claim_id=claim_id)
        if claim is None or claim.claimant.id != user.id:
            raise NotFound(f"you have no claim {claim_id}")
        if claim.status is ClaimStatus.REJECTED:
            raise Refused(Refusal.CLAIM_DECIDED, "This claim was rejected; it stays on record.")
        claims_store.delete_claim(connection, claim_id=claim_id)
    return claim


def decide_claim(db: Database, *, claim_id: int, admin: User | None, approve: bool, now: datetime) -> AuthorClaim:
    """Approve (rejecting rival pending claims to the same author) or reject, which also revokes an approval.
    `admin` None is the operator at the command line."""
    if admin is not None and not admin.role.includes(Role.ADMIN):
        raise Forbidden(f"deciding claims needs the admin role; you are a {admin.role.value}")
    decider = admin.id if admin else None
    try:
        with db.transaction() as connection:
            claim = claims_store.get_claim(connection, claim_id=claim_id)
            if claim is None:
                raise NotFound(f"no claim {claim_id}")
            status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
            if claim.status is not status:
                if approve:
                    _check_position_free(connection, claim)
                claims_store.set_claim_status(connection, claim_id=claim_id, status=status, decided_by=decider, now=now)
                if approve:
                    claims_store.reject_rival_claims(connection, claim=claim, decided_by=decider, now=now)
            decided = claims_store.get_claim(connection, claim_id=claim_id)
    except IntegrityError:
        # Another admin approved a rival claim to the same author at the same moment; the index refused ours.
        raise Refused(Refusal.AUTHOR_VERIFIED, "Another member was just verified as this author.") from None
    assert decided is not None
    log.info("%s %s claim %d", admin.username if admin else "the operator", status.value, claim_id)
    return decided


def get_authorship(db: Database, *, paper: Paper, viewer: User | None) -> Authorship:
    with db.reading() as connection:
        claims = claims_store.list_paper_claims(connection, paper_ids=[paper.id])
    own = next((claim for claim in claims if viewer and claim.claimant.id == viewer.id), None)
    return Authorship(verified=place_verified_authors(paper.authors, claims), own_claim=own)


def list_verified_authors(db: Database, *, papers: list[Paper]) -> dict[int, dict[int, MemberRef]]:
    """For each paper id: byline position -> verified member (papers with none are left out)."""
    if not papers:
        return {}
    with db.reading() as connection:
        claims = claims_store.list_paper_claims(connection, paper_ids=[paper.id for paper in papers])
    placed = {
        paper.id: place_verified_authors(paper.authors, [c for c in claims if c.paper_id == paper.id])
        for paper in papers
    }
    return {paper_id: verified for paper_id, verified in placed.items() if verified}


@dataclass(frozen=True, slots=True)
class ClaimReview:
    """A page of claims for an admin, with the other claims to the same author beside each."""

    claims: list[AuthorClaim]
    total: int
    rivals: dict[int, list[AuthorClaim]]  # claim id -> other pending or approved claims to that author


def review_claims(
    db: Database, *, status: ClaimStatus = ClaimStatus.PENDING, offset: int = 0, limit: int = 100
) -> ClaimReview:
    with db.reading() as connection:
        claims = claims_store.list_claims(connection, status=status, offset=offset, limit=limit)
        total = claims_store.count_claims(connection, status=status)
        related = claims_store.list_paper_claims(connection, paper_ids=sorted({claim.paper_id for claim in claims}))
    rivals = {
        claim.id: [
            other
            for other in related
            if (other.paper_id, other.author_position) == (claim.paper_id, claim.author_position)
            and other.id != claim.id
            and other.status is not ClaimStatus.REJECTED
        ]
        for claim in claims
    }
    return ClaimReview(claims, total, rivals)


def list_member_claims(db: Database, *, user_id: int) -> list[AuthorClaim]:
    with db.reading() as connection:
        return claims_store.list_member_claims(connection, user_id=user_id)


def list_member_papers(db: Database, *, user_id: int, offset: int = 0, limit: int = 50) -> tuple[list[Paper], int]:
    """The papers the member is a verified author of, newest first, and how many in all."""
    with db.reading() as connection:
        ids = claims_store.list_claimed_paper_ids(connection, user_id=user_id, offset=offset, limit=limit)
        total = claims_store.count_claimed_papers(connection, user_id=user_id)
        return papers_store.list_papers_by_ids(connection, paper_ids=ids), total


def _find_position(paper: Paper, *, position: int | None, name: str | None) -> int:
    if position is not None:
        if 0 <= position < len(paper.authors):
            return position
        raise Refused(Refusal.UNKNOWN_AUTHOR, f"the paper has {len(paper.authors)} authors; no position {position}")
    if name:
        key = author_key(name)
        found = next((index for index, author in enumerate(paper.authors) if author_key(author) == key), None)
        if found is not None:
            return found
        raise Refused(Refusal.UNKNOWN_AUTHOR, f"no author of {paper.arxiv_id} is named {name[:80]!r}")
    raise InvalidInput({"author": "Choose which author you are."})


def _check_position_free(connection: Connection, claim: AuthorClaim) -> None:
    verified = claims_store.get_verified_claim(
        connection, paper_id=claim.paper_id, author_position=claim.author_position
    )
    if verified is not None and verified.id != claim.id:
        raise Refused(
            Refusal.AUTHOR_VERIFIED,
            f"@{verified.claimant.username} is already the verified {claim.author_name} on {claim.arxiv_id}; "
            "reject that claim first.",
        )
