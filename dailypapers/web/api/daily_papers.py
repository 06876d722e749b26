"""`GET /api/daily_papers`: Hugging Face's daily-papers endpoint, same parameters, same item shape."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from dailypapers.domain.hf_json import daily_item_json
from dailypapers.domain.periods import InvalidPeriod, Period, parse_day, parse_month, parse_week
from dailypapers.services import daily as daily_service
from dailypapers.services import trending as trending_service
from dailypapers.settings import MAX_TRENDING_WINDOW_DAYS, Settings
from dailypapers.web.api.hf_schemas import HfDailyItemOut
from dailypapers.web.deps import DatabaseDep, NowDep, SettingsDep
from dailypapers.web.link_headers import next_page_link
from dailypapers.web.problems import Problem, problem_responses

router = APIRouter(prefix="/api", tags=["Hugging Face compatible"])
MAX_LIMIT = 100


@router.get(
    "/daily_papers",
    summary="List the papers of a day, an ISO week or a month",
    response_model=list[HfDailyItemOut],
    response_model_exclude_unset=True,
    responses=problem_responses(
        422,
        texts={422: "An unreadable date, week or month, more than one of them, or a parameter out of its bounds."},
    ),
)
def list_daily_papers(
    request: Request,
    response: Response,
    db: DatabaseDep,
    settings: SettingsDep,
    now: NowDep,
    date: Annotated[str | None, Query(description="A day, YYYY-MM-DD")] = None,
    week: Annotated[str | None, Query(description="An ISO week, YYYY-Www")] = None,
    month: Annotated[str | None, Query(description="A month, YYYY-MM")] = None,
    submitter: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only the papers this member submitted (by username), or an imported archive names as "
            "their submitter; case does not matter",
        ),
    ] = None,
    sort: Annotated[
        Literal["publishedAt", "trending"],
        Query(
            description="`publishedAt`: most recently added first; `trending`: by trending score (docs/trending.md), "
            "of the period's papers at its end, or without a period of the last `window` days' lists now"
        ),
    ] = "publishedAt",
    window: Annotated[
        int | None,
        Query(
            ge=1, le=MAX_TRENDING_WINDOW_DAYS, description="Days of lists `sort=trending` ranks when no period is given"
        ),
    ] = None,
    p: Annotated[int, Query(ge=0, le=100_000, description="Page number, from 0")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 50,
) -> list[dict[str, Any]]:
    period = _period(date=date, week=week, month=month)
    if sort == "trending":
        items, has_more = _trending(
            db, settings, now, period=period, window=window, submitter=submitter, offset=p * limit, limit=limit
        )
    else:
        listing = daily_service.get_daily_list(
            db, period=period, sort="added", offset=p * limit, limit=limit, submitter=submitter
        )
        items, has_more = [daily_item_json(entry) for entry in listing.entries], listing.has_more
    if has_more:
        params = {**dict(request.query_params), "p": str(p + 1), "limit": str(limit)}
        response.headers["Link"] = next_page_link(request, params)
    return items


def _trending(
    db: DatabaseDep,
    settings: Settings,
    now: datetime,
    *,
    period: Period | None,
    window: int | None,
    submitter: str | None,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], bool]:
    if period is None:
        days = window or settings.trending_window_days
        listing = trending_service.get_trending(
            db, now=now, window_days=days, offset=offset, limit=limit, submitter=submitter
        )
    else:
        listing = trending_service.get_period_trending(
            db, period=period, now=now, offset=offset, limit=limit, submitter=submitter
        )
    items = [daily_item_json(item.entry) | {"trendingScore": round(item.score, 6)} for item in listing.items]
    return items, listing.has_more


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
