"""`GET /api/v1/me/for-you`: the signed-in member's "For you" ranking, as daily-list items with their reasons."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, BeforeValidator, Field

from dailypapers.domain.hf_json import listed_paper_json
from dailypapers.services.for_you import MAX_LIMIT, ForYouItem, ForYouRequest, get_for_you
from dailypapers.web.api.hf_schemas import HfDailyItemOut
from dailypapers.web.auth import RequireUser
from dailypapers.web.cpu_bound import cpu_bound
from dailypapers.web.deps import DatabaseDep, NowDep, SearchDep, SettingsDep
from dailypapers.web.link_headers import next_page_link
from dailypapers.web.problems import Problem, problem_responses

router = APIRouter(prefix="/api/v1", tags=["For you"])


def _written_day(value: object) -> object:
    """A day must be written YYYY-MM-DD: pydantic would also take a number, as seconds since 1970."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_written_day)]


class ReasonOut(BaseModel):
    kind: Literal["upvoted", "saved", "claimed", "author", "member", "category", "saved_search"] = Field(
        description="The signal: a paper you upvoted, saved or wrote that this one is like, an author or member "
        "you follow, a category you follow, or a saved search it matches"
    )
    label: str = Field(description="What the signal names: an arXiv id, a name, a category, a saved search")
    text: str = Field(description="The reason as the page shows it, e.g. `Like 2506.09350 you upvoted`")
    weight: float = Field(description="What it added to the score")


class ForYouItemOut(HfDailyItemOut):
    score: float = Field(description="The ranking's score (higher first)")
    reasons: list[ReasonOut] = Field(description="The signals that put the paper here, the strongest first")


@router.get(
    "/me/for-you",
    summary="Papers for you, from your upvotes, saved papers, own papers, follows and saved searches",
    response_model=list[ForYouItemOut],
    response_model_exclude_unset=True,
    responses=problem_responses(
        401, 422, texts={422: "An unreadable date, `from` after `to`, or a parameter out of its bounds."}
    ),
)
@cpu_bound
def list_for_you(
    request: Request,
    response: Response,
    db: DatabaseDep,
    indexes: SearchDep,
    settings: SettingsDep,
    now: NowDep,
    user: RequireUser,
    daily_only: Annotated[
        bool, Query(description="`true`: papers of the daily lists; `false`: every indexed paper")
    ] = True,
    from_: Annotated[
        Day | None, Query(alias="from", description="Published on or after; default 30 days before `to`")
    ] = None,
    to: Annotated[Day | None, Query(description="Published on or before; default today")] = None,
    p: Annotated[int, Query(ge=0, le=10_000, description="Page number, from 0")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 50,
) -> list[dict[str, Any]]:
    """Papers you have upvoted, saved or dismissed are left out. With nothing to learn from yet (no upvote, saved
    paper, claimed paper, follow or saved search) the list is empty."""
    published_from, published_to = from_, to
    if published_from is not None and published_to is not None and published_from > published_to:
        raise Problem(422, "`from` is after `to`")
    page = get_for_you(
        db,
        indexes.model,
        user_id=user.id,
        request=ForYouRequest(
            daily_only=daily_only,
            published_from=published_from,
            published_to=published_to,
            limit=limit,
            offset=p * limit,
        ),
        today=now.astimezone(settings.zone).date(),
        vectors=indexes.vectors,
    )
    if page.has_more:
        params = {**dict(request.query_params), "p": str(p + 1), "limit": str(limit)}
        response.headers["Link"] = next_page_link(request, params)
    return [for_you_item_json(item) for item in page.items]


def for_you_item_json(item: ForYouItem) -> dict[str, Any]:
    return {
        **listed_paper_json(item.paper),
        "score": round(item.score, 6),
        "reasons": [
            {"kind": reason.kind.value, "label": reason.label, "text": reason.text, "weight": round(reason.weight, 6)}
            for reason in item.reasons
        ],
    }
