"""`/api/v1/me/dismissals`: "not interested", listed, added (PUT) and taken back (DELETE), idempotently."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from dailypapers.services import dismissals as dismissals_service
from dailypapers.web.auth import RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import require_bare_id
from dailypapers.web.problems import problem_responses
from dailypapers.web.rate_limits import personal_rate_limited

router = APIRouter(prefix="/api/v1/me", tags=["Not interested"])
_WRITE = personal_rate_limited()
_NO_PAPER = {404: "No paper by that id is indexed here."}


class DismissalOut(BaseModel):
    arxiv_id: str
    dismissed: bool


@router.get(
    "/dismissals",
    summary="The papers the caller turned away, latest first (at most 500)",
    responses=problem_responses(401),
)
def list_dismissals(db: DatabaseDep, user: RequireUser) -> list[str]:
    return dismissals_service.list_dismissed(db, user_id=user.id)


@router.put(
    "/dismissals/{arxiv_id:path}",
    summary="Not interested in a paper (again: no change)",
    dependencies=_WRITE,
    responses=problem_responses(401, 404, 429, texts=_NO_PAPER),
)
def put_dismissal(db: DatabaseDep, user: RequireUser, now: NowDep, arxiv_id: str) -> DismissalOut:
    bare = require_bare_id(arxiv_id)
    dismissals_service.dismiss_paper(db, arxiv_id=bare, user_id=user.id, now=now)
    return DismissalOut(arxiv_id=bare, dismissed=True)


@router.delete(
    "/dismissals/{arxiv_id:path}",
    summary="Take “not interested” back (none: no change)",
    dependencies=_WRITE,
    responses=problem_responses(401, 404, 429, texts=_NO_PAPER),
)
def delete_dismissal(db: DatabaseDep, user: RequireUser, arxiv_id: str) -> DismissalOut:
    bare = require_bare_id(arxiv_id)
    dismissals_service.undo_dismissal(db, arxiv_id=bare, user_id=user.id)
    return DismissalOut(arxiv_id=bare, dismissed=False)
