"""`/feeds/…`: every list as Atom (`.atom`) and RSS 2.0 (`.rss`). Each route gathers its papers through the same
service its page uses and hands them to web/feeds.py; a new list's feed is one more route of a few lines."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from dailypapers.domain import urls
from dailypapers.domain.follows import SavedSearch
from dailypapers.domain.papers import Paper
from dailypapers.domain.periods import InvalidPeriod, Period, PeriodKind, parse_period, period_of
from dailypapers.domain.search import (
    SEARCH_MODES,
    SEARCH_SORTS,
    SearchFilters,
    SearchMode,
    SearchRequest,
    SearchSort,
)
from dailypapers.services import authors as authors_service
from dailypapers.services import categories as categories_service
from dailypapers.services import collections as collections_service
from dailypapers.services import daily as daily_service
from dailypapers.services import feed_tokens as feed_tokens_service
from dailypapers.services import for_you as for_you_service
from dailypapers.services import saved_searches as saved_searches_service
from dailypapers.services import trending as trending_service
from dailypapers.services.search import search_papers
from dailypapers.settings import MAX_TRENDING_WINDOW_DAYS
from dailypapers.web.deps import DatabaseDep, NowDep, SearchDep, SettingsDep
from dailypapers.web.feeds import FEED_ENTRIES, FeedKind, PaperFeed, feed_response
from dailypapers.web.ids import RowId
from dailypapers.web.problems import Problem

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=64)]
_PERIOD_NAMES: dict[PeriodKind, str] = {
    "day": "Daily papers",
    "week": "Papers of the week",
    "month": "Papers of the month",
}


def send_feed(request: Request, settings: SettingsDep, feed: PaperFeed, kind: FeedKind) -> Response:
    """What every feed route ends with: the feed in the kind asked for, or a 304."""
    return feed_response(request, feed, kind=kind, site_name=settings.site_name, base_url=settings.base_url)


@router.get("/feeds/daily.{kind}", response_class=Response)
def daily_feed(request: Request, db: DatabaseDep, settings: SettingsDep, kind: FeedKind, date: Text = "") -> Response:
    """A day's list (`date=YYYY-MM-DD`), the latest day's by default."""
    return _period_feed(request, db, settings, "day", date, kind)


@router.get("/feeds/week.{kind}", response_class=Response)
def week_feed(request: Request, db: DatabaseDep, settings: SettingsDep, kind: FeedKind, week: Text = "") -> Response:
    """A week's list (`week=2025-W24`), the latest day's week by default."""
    return _period_feed(request, db, settings, "week", week, kind)


@router.get("/feeds/month.{kind}", response_class=Response)
def month_feed(request: Request, db: DatabaseDep, settings: SettingsDep, kind: FeedKind, month: Text = "") -> Response:
    """A month's list (`month=2025-06`), the latest day's month by default."""
    return _period_feed(request, db, settings, "month", month, kind)


def _period_feed(
    request: Request, db: DatabaseDep, settings: SettingsDep, period_kind: PeriodKind, key: str, kind: FeedKind
) -> Response:
    period = _require_period(db, period_kind, key)
    papers: list[Paper] = []
    if period is not None:
        listing = daily_service.get_daily_list(db, period=period, sort="upvotes", limit=FEED_ENTRIES)
        papers = [entry.paper for entry in listing.entries]
    label = period.key if period is not None else "no papers yet"
    feed = PaperFeed(
        title=f"{_PERIOD_NAMES[period_kind]}, {label}",
        description=f"The community's picks for {label}, most upvoted first.",
        page_path=urls.period_path(period) if period is not None else urls.home_path(),
        feed_path=urls.period_feed_path(period, kind) if period is not None else request.url.path,
        papers=papers,
    )
    return send_feed(request, settings, feed, kind)


def _require_period(db: DatabaseDep, kind: PeriodKind, key: str) -> Period | None:
    """The period asked for (422 problem when it is not one), else the latest day's, or None on an empty site."""
    key = key.strip()
    if key:
        try:
            return parse_period(kind, key)
        except InvalidPeriod as error:
            raise Problem(422, str(error)) from None
    latest = daily_service.get_latest_day(db)
    return period_of(kind, latest.start) if latest is not None else None


@router.get("/feeds/trending.{kind}", response_class=Response)
def trending_feed(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    now: NowDep,
    kind: FeedKind,
    window: Annotated[int | None, Query(ge=1, le=MAX_TRENDING_WINDOW_DAYS)] = None,
) -> Response:
    days = window or settings.trending_window_days
    listing = trending_service.get_trending(db, now=now, window_days=days, limit=FEED_ENTRIES)
    feed = PaperFeed(
        title=f"Trending, {days} days",
        description=f"The papers of the last {days} days' lists that are rising fastest.",
        page_path=urls.trending_path(window=window),
        feed_path=urls.trending_feed_path(kind, window=window),
        papers=[item.entry.paper for item in listing.items],
    )
    return send_feed(request, settings, feed, kind)


@router.get("/feeds/search.{kind}", response_class=Response)
def search_feed(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    indexes: SearchDep,
    kind: FeedKind,
    q: Annotated[str, Query(min_length=1, max_length=2_000)],
    mode: SearchMode = "hybrid",
    sort: SearchSort = "relevance",
    from_: Annotated[str, Query(alias="from", max_length=32)] = "",
    to: Text = "",
    category: Annotated[str, Query(max_length=32)] = "",
    has_code: bool = False,
    daily_only: bool = False,
) -> Response:
    """Any search, with the search page's own parameters (`page` aside)."""
    if not q.strip():
        raise Problem(422, "q: say what to search for")
    params = {name: value for name, value in request.query_params.items() if name != "page"}
    filters = SearchFilters(
        published_from=_query_date(from_, "from"),
        published_to=_query_date(to, "to"),
        category=category.strip() or None,
        has_code=True if has_code else None,
        daily_only=daily_only,
    )
    request_ = SearchRequest(q, mode=mode, filters=filters, sort=sort, limit=FEED_ENTRIES)
    feed = PaperFeed(
        title=f"Search: {q}",
        description=f"Papers matching “{q}” ({mode} search).",
        page_path=urls.search_path(params),
        feed_path=urls.search_feed_path(params, kind),
        papers=[hit.paper for hit in search_papers(db, indexes, request_).hits],
    )
    return send_feed(request, settings, feed, kind)


@router.get("/feeds/author.{kind}", response_class=Response)
def author_feed(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    kind: FeedKind,
    key: Annotated[str, Query(min_length=1, max_length=255)],
) -> Response:
    found = authors_service.require_author_papers(db, key=key, limit=FEED_ENTRIES)
    feed = PaperFeed(
        title=found.name,
        description=f"Papers by {found.name} indexed here, newest first.",
        page_path=urls.author_key_path(found.key),
        feed_path=urls.author_feed_path(found.key, kind),
        papers=found.papers,
    )
    return send_feed(request, settings, feed, kind)


@router.get("/feeds/category.{kind}", response_class=Response)
def category_feed(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    kind: FeedKind,
    category: Annotated[str, Query(min_length=1, max_length=32)],
) -> Response:
    found = categories_service.require_category_papers(db, category=category, limit=FEED_ENTRIES)
    feed = PaperFeed(
        title=found.category,
        description=f"Papers in arXiv's {found.category} indexed here, newest first.",
        page_path=urls.category_path(found.category),
        feed_path=urls.category_feed_path(found.category, kind),
        papers=found.papers,
    )
    return send_feed(request, settings, feed, kind)


@router.get("/feeds/collections/{username}/{slug}.{kind}", response_class=Response)
def collection_feed(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    username: Annotated[str, Path(max_length=64)],
    slug: Annotated[str, Path(max_length=80)],
    kind: FeedKind,
) -> Response:
    """A public collection, in its owner's order; a private one is a 404 (a feed reader signs in as no one)."""
    found = collections_service.get_contents_by_slug(db, username=username, slug=slug, viewer=None)
    collection = found.collection
    feed = PaperFeed(
        title=collection.title,
        description=collection.description or f"{collection.title}, a collection by {collection.owner_username}.",
        page_path=urls.collection_path(collection.owner_username, collection.slug),
        feed_path=urls.collection_feed_path(collection.owner_username, collection.slug, kind),
        papers=[item.paper for item in found.items[:FEED_ENTRIES]],
    )
    return send_feed(request, settings, feed, kind)


@router.get("/feeds/private/{token}/saved-searches/{saved_search_id}.{kind}", response_class=Response)
def saved_search_feed(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    indexes: SearchDep,
    token: Annotated[str, Path(max_length=200)],
    saved_search_id: RowId,
    kind: FeedKind,
) -> Response:
    """A member's saved search, read with their private feed token; another member's search is a 404 too."""
    user_id = require_feed_user_id(request, db, settings, token)
    saved = saved_searches_service.require_saved_search(db, saved_search_id=saved_search_id, user_id=user_id)
    feed = PaperFeed(
        title=f"Saved search: {saved.name}",
        description=f"Papers matching “{saved.query}”, as saved.",
        page_path=urls.search_path(saved.search_query()),
        feed_path=urls.saved_search_feed_path(token, saved.id, kind),
        papers=_run_saved_search(db, indexes, saved),
        private=True,
    )
    return send_feed(request, settings, feed, kind)


@router.get("/feeds/private/{token}/for-you.{kind}", response_class=Response)
def for_you_feed(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    indexes: SearchDep,
    now: NowDep,
    token: Annotated[str, Path(max_length=200)],
    kind: FeedKind,
) -> Response:
    """A member's For you (the daily lists of the last 30 days, as /for-you ranks them), read with their private
    feed token."""
    user_id = require_feed_user_id(request, db, settings, token)
    ranked = for_you_service.get_for_you(
        db,
        indexes.model,
        user_id=user_id,
        request=for_you_service.ForYouRequest(limit=FEED_ENTRIES),
        today=now.astimezone(settings.zone).date(),
        vectors=indexes.vectors,
    )
    feed = PaperFeed(
        title="For you",
        description="Recent papers from the daily lists, ranked from your upvotes, saved papers, follows and searches.",
        page_path=urls.for_you_path(),
        feed_path=urls.for_you_feed_path(token, kind),
        papers=[item.paper for item in ranked.items],
        private=True,
    )
    return send_feed(request, settings, feed, kind)


def require_feed_user_id(request: Request, db: DatabaseDep, settings: SettingsDep, token: str) -> int:
    """The member a private feed's token reads for; a 404 problem for a revoked or unknown one. The collection and
    For you feeds call this, then build a `PaperFeed(private=True)` of the member's papers."""
    return feed_tokens_service.require_feed_user_id(db, secret=settings.secret_key.get_secret_value(), token=token)


def _run_saved_search(db: DatabaseDep, indexes: SearchDep, saved: SavedSearch) -> list[Paper]:
    params = saved.params
    mode = params.get("mode", "hybrid")
    sort = params.get("sort", "relevance")
    filters = SearchFilters(
        published_from=_saved_date(params.get("from")),
        published_to=_saved_date(params.get("to")),
        category=params.get("category") or None,
        has_code=True if params.get("has_code") in ("true", "1", "on") else None,
        daily_only=params.get("daily_only") in ("true", "1", "on"),
    )
    request = SearchRequest(
        saved.query,
        mode=mode if mode in SEARCH_MODES else "hybrid",
        filters=filters,
        sort=sort if sort in SEARCH_SORTS else "relevance",
        limit=FEED_ENTRIES,
    )
    return [hit.paper for hit in search_papers(db, indexes, request).hits]


def _query_date(text: str, name: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Problem(422, f"{name}: “{text}” is not a date; write it as YYYY-MM-DD") from None


def _saved_date(text: str | None) -> date | None:
    """A saved search's date, which the search page accepted when it was saved; one that no longer parses is
    dropped rather than failing the member's feed."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
