"""`/api/v1/me/follows`: the caller's follows (authors, verified members, arXiv categories), listed, added and
removed idempotently; the same service as the follow buttons."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from dailypapers.domain.follows import Follow, FollowKind
from dailypapers.services import follows as follows_service
from dailypapers.web.auth import RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.problems import problem_responses
from dailypapers.web.rate_limits import personal_rate_limited

router = APIRouter(prefix="/api/v1/me", tags=["Follows"])
_WRITE = personal_rate_limited()


class FollowIn(BaseModel):
    kind: FollowKind = Field(description="`author` (a name), `member` (a username) or `category` (such as cs.CL).")
    target: str = Field(min_length=1, max_length=255, description="The name, username or category to follow.")


class FollowOut(BaseModel):
    kind: FollowKind
    target: str  # the key it is matched by: an author's name key, a username, a category
    label: str  # as it was written
    created_at: datetime

    @classmethod
    def of(cls, follow: Follow) -> FollowOut:
        return cls(kind=follow.kind, target=follow.target, label=follow.label, created_at=follow.created_at)


@router.get("/follows", summary="What the caller follows", responses=problem_responses(401))
def list_follows(db: DatabaseDep, user: RequireUser) -> list[FollowOut]:
    return [FollowOut.of(follow) for follow in follows_service.list_follows(db, user_id=user.id)]


@router.post(
    "/follows",
    summary="Follow an author, member or category (again: no change)",
    dependencies=_WRITE,
    responses=problem_responses(401, 404, 422, 429, texts={404: "No member by that username."}),
)
def add_follow(db: DatabaseDep, user: RequireUser, now: NowDep, body: FollowIn) -> list[FollowOut]:
    """Answers with the caller's follows as they now are."""
    follows_service.follow(db, user_id=user.id, kind=body.kind, value=body.target, now=now)
    return list_follows(db, user)


@router.delete(
    "/follows/{kind}/{target:path}",
    summary="Stop following (not followed: no change)",
    status_code=204,
    response_class=Response,
    dependencies=_WRITE,
    responses=problem_responses(401, 422, 429),
)
def delete_follow(db: DatabaseDep, user: RequireUser, kind: FollowKind, target: str) -> Response:
    follows_service.unfollow(db, user_id=user.id, kind=kind, value=target)
    return Response(status_code=204)
