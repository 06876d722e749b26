"""`PUT` / `DELETE /api/v1/papers/{arxiv_id}/vote`: upvote a paper or take the upvote back, idempotently."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from dailypapers.services import votes as votes_service
from dailypapers.services.votes import VoteState
from dailypapers.web.auth import RequireConfirmedUser, RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import require_bare_id
from dailypapers.web.problems import problem_responses

router = APIRouter(prefix="/api/v1", tags=["Votes"])
_NO_PAPER = {404: "No paper by that id is indexed here."}


class VoteOut(BaseModel):
    arxiv_id: str
    upvotes: int  # the paper's count: upvotes imported with it plus those cast here
    voted: bool  # whether the caller has upvoted it

    @classmethod
    def of(cls, state: VoteState) -> VoteOut:
        return cls(arxiv_id=state.arxiv_id, upvotes=state.upvote_count, voted=state.voted)


@router.put(
    "/papers/{arxiv_id:path}/vote",
    summary="Upvote a paper (again: no change)",
    responses=problem_responses(
        403,
        404,
        texts={403: "Your email address is not confirmed yet.", **_NO_PAPER},
    ),
)
def put_vote(db: DatabaseDep, user: RequireConfirmedUser, now: NowDep, arxiv_id: str) -> VoteOut:
    return VoteOut.of(votes_service.cast_vote(db, arxiv_id=require_bare_id(arxiv_id), user_id=user.id, now=now))


@router.delete(
    "/papers/{arxiv_id:path}/vote",
    summary="Take an upvote back (none: no change)",
    responses=problem_responses(404, texts=_NO_PAPER),
)
def delete_vote(db: DatabaseDep, user: RequireUser, arxiv_id: str) -> VoteOut:
    return VoteOut.of(votes_service.withdraw_vote(db, arxiv_id=require_bare_id(arxiv_id), user_id=user.id))
