"""`/papers/trending`: the papers gaining upvotes, comments and code lately, each with why it is there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dailypapers.domain import urls
from dailypapers.domain.periods import InvalidPeriod, parse_day
from dailypapers.domain.trending import COMMENT_WEIGHT, HALF_LIFE, STAR_WEIGHT, VOTE_WEIGHT
from dailypapers.services import collections as collections_service
from dailypapers.services import trending as trending_service
from dailypapers.services import votes as votes_service
from dailypapers.services.trending import TrendingItem, TrendingList
from dailypapers.settings import MAX_TRENDING_WINDOW_DAYS
from dailypapers.web.auth import CurrentUser
from dailypapers.web.deps import DatabaseDep, NowDep, SettingsDep
from dailypapers.web.feeds import FeedLinks
from dailypapers.web.pages.views import PaperCard, build_card
from dailypapers.web.problems import Problem
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
WINDOW_CHOICES = (1, 3, 7, 30)
FORMULA = (
    f"Score: every upvote counts {VOTE_WEIGHT:g}, every comment {COMMENT_WEIGHT:g}, and linked code "
    f"{STAR_WEIGHT:g} × log10(1 + stars) from the day the paper joined the list; each halves every "
    f"{HALF_LIFE.total_seconds() / 3600:g} hours. Upvotes brought from outside (an imported archive or "
    "the followed upstream, the larger of the two) count as cast when the paper joined the list."
)
WindowQuery = Annotated[int | None, Query(ge=1, le=MAX_TRENDING_WINDOW_DAYS, description="Days of lists to rank")]


@dataclass(frozen=True, slots=True)
class ReasonLine:
    label: str
    count: str
    points: str


@dataclass(frozen=True, slots=True)
class TrendingCard:
    card: PaperCard
    score: str
    reasons: list[ReasonLine]


@dataclass(frozen=True, slots=True)
class WindowLink:
    label: str
    url: str
    current: bool


@dataclass(frozen=True, slots=True)
class TrendingPageView:
    as_of: str
    window_label: str
    note: str | None  # why the window shown is not the one asked for
    picker_day: str
    window_days: int
    formula: str
    windows: list[WindowLink]
    cards: list[TrendingCard]
    first_rank: int
    newer_page: str | None
    older_page: str | None


@router.get("/papers/trending", response_class=Response)
def trending_page(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    now: NowDep,
    user: CurrentUser,
    window: WindowQuery = None,
    date: Annotated[str | None, Query(description="As of this day, YYYY-MM-DD (default: now)")] = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    days = window or settings.trending_window_days
    as_of = _parse_date(date)
    size = settings.page_size
    listing = trending_service.get_trending(
        db, now=now, window_days=days, as_of=as_of, offset=(page - 1) * size, limit=size
    )
    voted = votes_service.get_voted_paper_ids(
        db, user_id=user.id if user else None, paper_ids=[item.entry.paper.id for item in listing.items]
    )
    saved = collections_service.get_saved_paper_ids(
        db, user_id=user.id if user else None, paper_ids=[item.entry.paper.id for item in listing.items]
    )
    view = _build_view(listing, days=days, as_of=as_of, page=page, voted=voted, saved=saved)
    feed = FeedLinks("Trending", urls.trending_feed_path(window=window), urls.trending_feed_path("rss", window=window))
    return render_page(request, "trending.html", {"view": view, "canonical": urls.trending_path(), "feed": feed})


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_day(text).start
    except InvalidPeriod as error:
        raise Problem(422, f"date: {error}") from None


def _build_view(
    listing: TrendingList, *, days: int, as_of: date | None, page: int, voted: set[int], saved: set[int]
) -> TrendingPageView:
    note = None
    if listing.fell_back:
        note = (
            f"No paper joined a list in the {days} days up to {_when(listing.requested_at)}; this is the "
            f"{days}-day window up to the latest addition, {_when(listing.at)}."
        )
    return TrendingPageView(
        as_of=_when(listing.at),
        window_label=f"lists of {listing.start:%d %b} – {listing.end - timedelta(days=1):%d %b %Y}",
        note=note,
        picker_day=listing.at.date().isoformat(),
        window_days=days,
        formula=FORMULA,
        windows=[
            WindowLink(
                f"{choice} day{'s' if choice != 1 else ''}",
                urls.trending_path(window=choice, as_of=as_of),
                choice == days,
            )
            for choice in WINDOW_CHOICES
        ],
        cards=[
            _card(item, voted=item.entry.paper.id in voted, saved=item.entry.paper.id in saved)
            for item in listing.items
        ],
        first_rank=listing.offset + 1,
        newer_page=urls.trending_path(window=days, as_of=as_of, page=page - 1) if page > 1 else None,
        older_page=urls.trending_path(window=days, as_of=as_of, page=page + 1) if listing.has_more else None,
    )


def _card(item: TrendingItem, *, voted: bool, saved: bool) -> TrendingCard:
    reasons = [
        ReasonLine(line.label, f"{line.count:,}", f"+{line.points:.2f}") for line in item.explanation.contributions
    ]
    return TrendingCard(build_card(item.entry, voted=voted, saved=saved), f"{item.score:.2f}", reasons)


def _when(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"
