"""Saved searches from the search page: "Save this search" (`POST /saved-searches`), opening one (which reruns it
exactly on the search page) and deleting one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.services import saved_searches as saved_searches_service
from dailypapers.web.auth import RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import RowId
from dailypapers.web.rate_limits import personal_rate_limited

router = APIRouter(include_in_schema=False)
FormField = Annotated[str, Form(max_length=200)]


@router.post("/saved-searches", response_class=Response, dependencies=personal_rate_limited())
def save_search(
    db: DatabaseDep,
    user: RequireUser,
    now: NowDep,
    q: Annotated[str, Form(max_length=20_000)] = "",
    name: FormField = "",
    mode: FormField = "",
    sort: FormField = "",
    from_: Annotated[str, Form(alias="from", max_length=64)] = "",
    to: FormField = "",
    category: FormField = "",
    has_code: FormField = "",
    daily_only: FormField = "",
) -> Response:
    """The form carries the search's own fields (q, mode, sort, filters) as the results page has them."""
    params = {
        "mode": mode,
        "sort": sort,
        "from": from_,
        "to": to,
        "category": category,
        "has_code": has_code,
        "daily_only": daily_only,
    }
    saved = saved_searches_service.save_search(db, user_id=user.id, query=q, name=name, params=params, now=now)
    return RedirectResponse(urls.search_path({**saved.search_query(), "saved": "1"}), status_code=303)


@router.get("/saved-searches/{saved_search_id}", response_class=Response)
def open_saved_search(db: DatabaseDep, user: RequireUser, saved_search_id: RowId) -> Response:
    saved = saved_searches_service.require_saved_search(db, saved_search_id=saved_search_id, user_id=user.id)
    return RedirectResponse(urls.search_path(saved.search_query()), status_code=303)


@router.post("/saved-searches/{saved_search_id}/delete", response_class=Response)
def delete_saved_search(db: DatabaseDep, user: RequireUser, saved_search_id: RowId) -> Response:
    saved_searches_service.delete_saved_search(db, saved_search_id=saved_search_id, user_id=user.id)
    return RedirectResponse(urls.following_path(done="saved-search-deleted"), status_code=303)
