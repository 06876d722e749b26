"""`/api/v1/claims`: members claiming author names on papers, admins approving or rejecting."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.claims import ClaimStatus
from dailypapers.services import claims as claims_service
from dailypapers.web.api.schemas import ClaimOut
from dailypapers.web.auth import RequireAdmin, RequireConfirmedUser, RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import RowId
from dailypapers.web.problems import Problem, problem_responses
from dailypapers.web.rate_limits import member_rate_limited

router = APIRouter(prefix="/api/v1", tags=["Author claims"])


class ClaimIn(BaseModel):
    arxiv_id: str = Field(max_length=2000)
    author_position: int | None = Field(None, ge=0, description="0-based index into the paper's `authors`.")
    author_name: str | None = Field(None, max_length=500, description="Or the author's name as the paper gives it.")
    note: str | None = Field(None, description="For the admins: how to tell it is you (at most 500 characters).")


class ClaimDecision(BaseModel):
    status: Literal["approved", "rejected"] = Field(description="`rejected` on an approved claim revokes it.")


class ClaimPage(BaseModel):
    total: int
    claims: list[ClaimOut]


@router.post(
    "/claims",
    status_code=201,
    summary="Claim to be one of a paper's authors",
    dependencies=member_rate_limited("claim"),
    responses=problem_responses(401, 404, 409, 422, 429),
)
def create_claim(body: ClaimIn, db: DatabaseDep, user: RequireConfirmedUser, now: NowDep) -> ClaimOut:
    """Name the author by `author_position` or `author_name`. One claim per member and paper; an author already
    verified for someone else is `/problems/author-verified`."""
    try:
        arxiv_id = parse_arxiv_id(body.arxiv_id).id
    except InvalidArxivId as error:
        raise Problem(422, str(error)) from None
    claim = claims_service.claim_author(
        db,
        arxiv_id=arxiv_id,
        user=user,
        position=body.author_position,
        name=body.author_name,
        note=body.note,
        now=now,
    )
    return ClaimOut.of(claim)


@router.get("/me/claims", summary="Your claims, newest first", responses=problem_responses(401))
def list_my_claims(db: DatabaseDep, user: RequireUser) -> list[ClaimOut]:
    return [ClaimOut.of(claim) for claim in claims_service.list_member_claims(db, user_id=user.id)]


@router.delete(
    "/claims/{claim_id}", status_code=204, summary="Withdraw your claim", responses=problem_responses(401, 404, 409)
)
def withdraw_claim(db: DatabaseDep, user: RequireUser, claim_id: RowId) -> Response:
    claims_service.withdraw_claim(db, claim_id=claim_id, user=user)
    return Response(status_code=204)


@router.get("/claims", summary="Claims in one state (admins)", responses=problem_responses(401, 403))
def list_claims(
    db: DatabaseDep,
    user: RequireAdmin,
    status: Annotated[Literal["pending", "approved", "rejected"], Query()] = "pending",
    p: Annotated[int, Query(ge=0, le=100_000, description="Page number, from 0")] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> ClaimPage:
    """Pending claims oldest first; decided ones most recently decided first."""
    review = claims_service.review_claims(db, status=ClaimStatus(status), offset=p * limit, limit=limit)
    return ClaimPage(total=review.total, claims=[ClaimOut.of(claim) for claim in review.claims])


@router.patch(
    "/claims/{claim_id}", summary="Approve or reject a claim (admins)", responses=problem_responses(401, 403, 404, 409)
)
def decide_claim(body: ClaimDecision, db: DatabaseDep, user: RequireAdmin, now: NowDep, claim_id: RowId) -> ClaimOut:
    """Approving rejects the other pending claims to the same author; `/problems/author-verified` when another
    member is verified as that author already."""
    claim = claims_service.decide_claim(db, claim_id=claim_id, admin=user, approve=body.status == "approved", now=now)
    return ClaimOut.of(claim)
