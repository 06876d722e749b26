"""`/for-you`: the signed-in member's "For you", cards in the daily list's look with the reasons they are there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dailypapers.domain import urls
from dailypapers.domain.for_you import Reason, ReasonKind
from dailypapers.services import votes as votes_service
from dailypapers.services.for_you import ForYouRequest, get_for_you
from dailypapers.web.auth import RequireUser
from dailypapers.web.cpu_bound import cpu_bound
from dailypapers.web.deps import DatabaseDep, NowDep, SearchDep, SettingsDep
from dailypapers.web.pages.views import PaperCard, build_paper_card
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
# Reasons that name a paper by its arXiv id, which a member does not know by heart: they link to it.
PAPER_REASONS = frozenset({ReasonKind.UPVOTED, ReasonKind.SAVED, ReasonKind.CLAIMED})


@dataclass(frozen=True, slots=True)
class ReasonView:
    text: str
    url: str | None  # the paper the reason names


@dataclass(frozen=True, slots=True)
class ForYouCard:
    card: PaperCard
    reasons: list[ReasonView]


@dataclass(frozen=True, slots=True)
class ForYouPageView:
    cards: list[ForYouCard]
    first_rank: int
    daily_only: bool
    published_from: str
    published_to: str
    notice: str | None
    has_signals: bool
    summary: str
    previous_page: str | None
    next_page: str | None


@router.get("/for-you", response_class=Response)
@cpu_bound
def for_you_page(
    request: Request,
    db: DatabaseDep,
    indexes: SearchDep,
    settings: SettingsDep,
    now: NowDep,
    user: RequireUser,
    daily_only: bool = True,
    # Text, not dates: the form sends its empty date fields, and a mistyped date gets a message, not a 422 body.
    from_: Annotated[str, Query(alias="from", max_length=32)] = "",
    to: Annotated[str, Query(max_length=32)] = "",
    page: Annotated[int, Query(ge=1, le=25)] = 1,
) -> Response:
    problems: list[str] = []
    published_from, published_to = _form_date(from_, "From", problems), _form_date(to, "To", problems)
    if published_from and published_to and published_from > published_to:
        problems.append("“From” is after “To”.")
    cards: list[ForYouCard] = []
    has_signals, has_more, summary = True, False, ""
    if not problems:
        result = get_for_you(
            db,
            indexes.model,
            user_id=user.id,
            request=ForYouRequest(
                daily_only=daily_only,
                published_from=published_from,
                published_to=published_to,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
            ),
            today=now.astimezone(settings.zone).date(),
            vectors=indexes.vectors,
        )
        voted = votes_service.get_voted_paper_ids(db, user_id=user.id, paper_ids=[i.paper.id for i in result.items])
        cards = [
            ForYouCard(build_paper_card(item.paper, voted=item.paper.id in voted), [_reason(r) for r in item.reasons])
            for item in result.items
        ]
        has_signals, has_more = result.has_signals, result.has_more
        scope = "on the daily lists" if daily_only else "indexed here"
        summary = f"Papers {scope} published {result.published_from:%-d %b %Y} – {result.published_to:%-d %b %Y}"
        if result.fell_back:
            summary += " (nothing was published in the last 30 days: these are the 30 days up to the latest list)"
    view = ForYouPageView(
        cards=cards,
        first_rank=(page - 1) * PAGE_SIZE + 1,
        daily_only=daily_only,
        published_from=from_.strip(),
        published_to=to.strip(),
        notice=" ".join(problems) or None,
        has_signals=has_signals,
        summary=summary,
        previous_page=_page_url(daily_only, published_from, published_to, page - 1) if page > 1 else None,
        next_page=_page_url(daily_only, published_from, published_to, page + 1) if has_more else None,
    )
    return render_page(request, "for_you.html", {"view": view}, status_code=422 if problems else 200)


def _reason(reason: Reason) -> ReasonView:
    return ReasonView(reason.text, urls.paper_path(reason.label) if reason.kind in PAPER_REASONS else None)


def _form_date(text: str, label: str, problems: list[str]) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"“{label}” is not a date (YYYY-MM-DD): {text}.")
        return None


def _page_url(daily_only: bool, published_from: date | None, published_to: date | None, page: int) -> str:
    return urls.for_you_path(daily_only=daily_only, published_from=published_from, published_to=published_to, page=page)
