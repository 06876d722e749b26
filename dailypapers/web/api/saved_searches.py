"""`/api/v1/me/saved-searches`: the caller's saved searches, listed, saved, read and deleted; another member's is
a 404 as a missing one is."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from dailypapers.domain import urls
from dailypapers.domain.follows import SavedSearch
from dailypapers.services import saved_searches as saved_searches_service
from dailypapers.web.auth import RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import RowId
from dailypapers.web.problems import problem_responses
from dailypapers.web.rate_limits import personal_rate_limited

router = APIRouter(prefix="/api/v1/me", tags=["Saved searches"])
_WRITE = personal_rate_limited()
_NONE = {404: "You have no saved search by that id."}


class SavedSearchIn(BaseModel):
    q: str = Field(min_length=1, max_length=2_000, description="The query, as typed in the search box.")
    name: str = Field("", max_length=200, description="What to call it; the query when empty.")
    params: dict[str, str] = Field(
        default_factory=dict,
        description="The search page's parameters: mode, sort, from, to, category, has_code, daily_only.",
    )


class SavedSearchOut(BaseModel):
    id: int
    name: str
    q: str
    params: dict[str, str]
    search_url: str  # the search page, rerunning it
    created_at: datetime

    @classmethod
    def of(cls, saved: SavedSearch) -> SavedSearchOut:
        return cls(
            id=saved.id,
            name=saved.name,
            q=saved.query,
            params=dict(saved.params),
            search_url=urls.search_path(saved.search_query()),
            created_at=saved.created_at,
        )


@router.get("/saved-searches", summary="The caller's saved searches, newest first", responses=problem_responses(401))
def list_saved_searches(db: DatabaseDep, user: RequireUser) -> list[SavedSearchOut]:
    return [SavedSearchOut.of(saved) for saved in saved_searches_service.list_saved_searches(db, user_id=user.id)]


@router.post(
    "/saved-searches",
    summary="Save a search",
    status_code=201,
    dependencies=_WRITE,
    responses=problem_responses(401, 422, 429),
)
def save_search(db: DatabaseDep, user: RequireUser, now: NowDep, body: SavedSearchIn) -> SavedSearchOut:
    saved = saved_searches_service.save_search(
        db, user_id=user.id, query=body.q, name=body.name, params=body.params, now=now
    )
    return SavedSearchOut.of(saved)


@router.get(
    "/saved-searches/{saved_search_id}",
    summary="One of the caller's saved searches",
    responses=problem_responses(401, 404, 422, texts=_NONE),
)
def get_saved_search(db: DatabaseDep, user: RequireUser, saved_search_id: RowId) -> SavedSearchOut:
    saved = saved_searches_service.require_saved_search(db, saved_search_id=saved_search_id, user_id=user.id)
    return SavedSearchOut.of(saved)


@router.delete(
    "/saved-searches/{saved_search_id}",
    summary="Delete a saved search",
    status_code=204,
    response_class=Response,
    dependencies=_WRITE,
    responses=problem_responses(401, 404, 422, 429, texts=_NONE),
)
def delete_saved_search(db: DatabaseDep, user: RequireUser, saved_search_id: RowId) -> Response:
    saved_searches_service.delete_saved_search(db, saved_search_id=saved_search_id, user_id=user.id)
    return Response(status_code=204)
