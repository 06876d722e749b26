"""`GET /api/daily_papers`: Hugging Face's daily-papers endpoint, same parameters, same item shape."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response

from dailypapers.domain.hf_json import daily_item_json
from dailypapers.domain.periods import InvalidPeriod, Period, parse_day, parse_month, parse_week
from dailypapers.services import daily as daily_service
from dailypapers.web.deps import DatabaseDep
from dailypapers.web.problems import Problem

router = APIRouter(prefix="/api", tags=["Hugging Face compatible"])
MAX_LIMIT = 100


@router.get("/daily_papers", summary="List the papers of a day, an ISO week or a month")
def list_daily_papers(
    request: Request,
    response: Response,
    db: DatabaseDep,
    date: Annotated[str | None, Query(description="A day, YYYY-MM-DD")] = None,
    week: Annotated[str | None, Query(description="An ISO week, YYYY-Www")] = None,
    month: Annotated[str | None, Query(description="A month, YYYY-MM")] = None,
    sort: Annotated[
        Literal["publishedAt", "trending"],
        Query(description="`publishedAt`: most recently added first; `trending`: most upvoted first"),
    ] = "publishedAt",
    p: Annotated[int, Query(ge=0, le=100_000, description="Page number, from 0")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 50,
) -> list[dict[str, Any]]:
    period = _period(date=date, week=week, month=month)
    listing = daily_service.get_daily_list(
        db, period=period, sort="added" if sort == "publishedAt" else "upvotes", offset=p * limit, limit=limit
    )
    if listing.has_more:
        params = {**dict(request.query_params), "p": str(p + 1), "limit": str(limit)}
        response.headers["Link"] = f'<{request.url.replace(query=urlencode(params))}>; rel="next"'
    return [daily_item_json(entry) for entry in listing.entries]


def _period(*, date: str | None, week: str | None, month: str | None) -> Period | None:
    given = [(name, value) for name, value in (("date", date), ("week", week), ("month", month)) if value]
    if len(given) > 1:
        raise Problem(422, f"give one of date, week or month, not {' and '.join(name for name, _ in given)}")
    if not given:
        return None
    name, value = given[0]
    parse = {"date": parse_day, "week": parse_week, "month": parse_month}[name]
    try:
        return parse(value)
    except InvalidPeriod as error:
        raise Problem(422, f"{name}: {error}") from None
