"""The daily list pages: `/`, `/papers/date/<day>`, `/papers/week/<YYYY-Www>`, `/papers/month/<YYYY-MM>`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.domain.periods import InvalidPeriod, Period, PeriodKind, parse_day, parse_period, period_of
from dailypapers.domain.users import Role, User
from dailypapers.services import collections as collections_service
from dailypapers.services import curation as curation_service
from dailypapers.services import daily as daily_service
from dailypapers.services import dismissals as dismissals_service
from dailypapers.services import votes as votes_service
from dailypapers.services.daily import DailyList
from dailypapers.web.auth import CurrentUser
from dailypapers.web.deps import DatabaseDep, SettingsDep
from dailypapers.web.feeds import FeedLinks
from dailypapers.web.pages.curation_views import CurationView, build_curation_view
from dailypapers.web.pages.forms import FormView
from dailypapers.web.pages.views import PaperCard, build_card
from dailypapers.web.problems import Problem
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
SortQuery = Annotated[Literal["upvotes", "added"], Query()]
PageQuery = Annotated[int, Query(ge=1, le=10_000)]


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class DailyPageView:
    heading: str
    subheading: str
    period_key: str
    picker_day: str
    cards: list[PaperCard]
    total: int
    first_rank: int
    previous: Link | None
    next: Link | None
    kinds: list[Link]
    sorts: list[Link]
    nearest: Link | None
    newer_page: str | None
    older_page: str | None
    curation: CurationView | None = None  # a curator's tools, on day pages
    upstream_entries: int = 0  # cards of this page that came from the followed upstream's lists
    upstream_day: date | None = None  # the day, on a day's page: the upstream's list of it is linked


@router.get("/", response_class=Response)
def front_page(
    request: Request, db: DatabaseDep, settings: SettingsDep, user: CurrentUser, sort: SortQuery = "upvotes"
) -> Response:
    latest = daily_service.get_latest_day(db)
    if latest is None:
        return render_page(request, "empty_site.html", {})
    return render_period(request, db, latest, sort=sort, page=1, page_size=settings.page_size, user=user)


@router.get("/papers/date", response_class=Response)
def pick_date(date: Annotated[str, Query(description="YYYY-MM-DD")]) -> Response:
    """The target of the date picker: a redirect to the day's own address."""
    try:
        day = parse_day(date)
    except InvalidPeriod as error:
        raise Problem(422, str(error)) from None
    return RedirectResponse(urls.period_path(day), status_code=303)


def _period_page(kind: PeriodKind) -> Callable[..., Response]:
    def page(
        request: Request,
        db: DatabaseDep,
        settings: SettingsDep,
        user: CurrentUser,
        key: str,
        sort: SortQuery = "upvotes",
        page: PageQuery = 1,
    ) -> Response:
        period = _parse(kind, key)
        return render_period(request, db, period, sort=sort, page=page, page_size=settings.page_size, user=user)

    page.__name__ = f"{kind}_page"
    return page


# Three fixed prefixes rather than one /papers/{kind}/{key}: old-style paper ids (hep-th/9901001) must fall
# through to the paper page instead of failing validation here.
_PREFIXES: tuple[tuple[str, PeriodKind], ...] = (("date", "day"), ("week", "week"), ("month", "month"))
for _prefix, _kind in _PREFIXES:
    router.add_api_route(f"/papers/{_prefix}/{{key}}", _period_page(_kind), methods=["GET"], response_class=Response)


def _parse(kind: PeriodKind, key: str) -> Period:
    try:
        return parse_period(kind, key)
    except InvalidPeriod as error:
        raise Problem(404, str(error)) from None


def render_period(
    request: Request,
    db: DatabaseDep,
    period: Period,
    *,
    sort: Literal["upvotes", "added"],
    page: int,
    page_size: int,
    user: User | None,
    curation_form: FormView | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The period's page; a curator viewing a day also gets its tools (with `curation_form` re-shown)."""
    listing = daily_service.get_daily_list(db, period=period, sort=sort, offset=(page - 1) * page_size, limit=page_size)
    voted = votes_service.get_voted_paper_ids(
        db, user_id=user.id if user else None, paper_ids=[entry.paper.id for entry in listing.entries]
    )
    dismissed = dismissals_service.get_dismissed_paper_ids(
        db, user_id=user.id if user else None, paper_ids=[entry.paper.id for entry in listing.entries]
    )
    saved = collections_service.get_saved_paper_ids(
        db, user_id=user.id if user else None, paper_ids=[entry.paper.id for entry in listing.entries]
    )
    view = _build_view(listing, period, sort=sort, page=page, voted=voted, dismissed=dismissed, saved=saved)
    if period.kind == "day" and user is not None and user.role.includes(Role.CURATOR):
        events = curation_service.list_curation_log(db, day=period.start)
        curation = build_curation_view(day=period.start, entries=listing.entries, events=events, form=curation_form)
        view = replace(view, curation=curation)
    feed = FeedLinks(f"{view.heading} papers", urls.period_feed_path(period), urls.period_feed_path(period, "rss"))
    context = {"view": view, "canonical": urls.period_path(period), "feed": feed}
    return render_page(request, "daily.html", context, status_code=status_code, headers=headers)


def _build_view(
    listing: DailyList,
    period: Period,
    *,
    sort: Literal["upvotes", "added"],
    page: int,
    voted: set[int],
    dismissed: set[int],
    saved: set[int],
) -> DailyPageView:
    anchor = period.start
    kind_labels: tuple[tuple[PeriodKind, str], ...] = (("day", "Day"), ("week", "Week"), ("month", "Month"))
    kinds = [
        Link(label, urls.period_path(period_of(kind, anchor), sort=sort), kind == period.kind)
        for kind, label in kind_labels
    ]
    sorts = [
        Link(label, urls.period_path(period, sort=value), value == sort)
        for value, label in (("upvotes", "Most upvoted"), ("added", "Recently added"))
    ]
    cards = [
        build_card(
            entry,
            voted=entry.paper.id in voted,
            dismissed=entry.paper.id in dismissed,
            saved=entry.paper.id in saved,
        )
        for entry in listing.entries
    ]
    return DailyPageView(
        heading=_heading(period),
        subheading=f"{listing.total} paper{'s' if listing.total != 1 else ''}",
        period_key=period.key,
        picker_day=period.start.isoformat(),
        cards=cards,
        total=listing.total,
        first_rank=listing.offset + 1,
        previous=_nav(listing.previous, "Previous", sort),
        next=_nav(listing.next, "Next", sort),
        kinds=kinds,
        sorts=sorts,
        nearest=_nearest_link(listing.nearest_day),
        newer_page=urls.period_path(period, sort=sort, page=page - 1) if page > 1 else None,
        older_page=urls.period_path(period, sort=sort, page=page + 1) if listing.has_more else None,
        upstream_entries=sum(card.upstream_place is not None for card in cards),
        upstream_day=period.start if period.kind == "day" else None,
    )


def _heading(period: Period) -> str:
    if period.kind == "day":
        return f"{period.start:%A}, {period.start.day} {period.start:%B %Y}"
    if period.kind == "week":
        last = period.last_day
        return f"Week {period.key[-2:]}, {period.start.day} {period.start:%b} – {last.day} {last:%b %Y}"
    return f"{period.start:%B %Y}"


def _nav(period: Period | None, label: str, sort: str) -> Link | None:
    if period is None:
        return None
    return Link(f"{label}: {_short(period)}", urls.period_path(period, sort=sort))


def _short(period: Period) -> str:
    if period.kind == "day":
        return f"{period.start.day} {period.start:%b %Y}"
    if period.kind == "week":
        return period.key
    return f"{period.start:%b %Y}"


def _nearest_link(day: date | None) -> Link | None:
    if day is None:
        return None
    return Link(f"{day:%A}, {day.day} {day:%B %Y}", urls.day_path(day))
