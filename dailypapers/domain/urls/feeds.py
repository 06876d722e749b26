"""Feeds: Atom (`.atom`) and RSS 2.0 (`.rss`) for every list, public and private. `kind` is "atom" or "rss"."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

from dailypapers.domain.periods import Period
from dailypapers.domain.urls.base import with_query


def daily_feed_path(kind: str = "atom", *, day: date | None = None) -> str:
    """A day's list (the latest day when none is named)."""
    return with_query(f"/feeds/daily.{kind}", {"date": day.isoformat() if day else None})


def period_feed_path(period: Period, kind: str = "atom") -> str:
    """A day's, week's or month's list as a feed: `/feeds/week.atom?week=2025-W24`."""
    if period.kind == "day":
        return daily_feed_path(kind, day=period.start)
    return with_query(f"/feeds/{period.kind}.{kind}", {period.kind: period.key})


def trending_feed_path(kind: str = "atom", *, window: int | None = None) -> str:
    return with_query(f"/feeds/trending.{kind}", {"window": window})


def search_feed_path(query: Mapping[str, str], kind: str = "atom") -> str:
    """A search as a feed, with the search page's own parameters (q, mode, filters; never page)."""
    kept = {name: value for name, value in query.items() if name != "page"}
    return f"/feeds/search.{kind}?{urlencode(kept)}"


def author_feed_path(key: str, kind: str = "atom") -> str:
    return with_query(f"/feeds/author.{kind}", {"key": key})


def category_feed_path(category: str, kind: str = "atom") -> str:
    return with_query(f"/feeds/category.{kind}", {"category": category})


def collection_feed_path(username: str, slug: str, kind: str = "atom") -> str:
    """A public collection's feed: the papers as the owner ordered them."""
    return f"/feeds/collections/{username}/{slug}.{kind}"


def private_feed_path(token: str, name: str, kind: str = "atom") -> str:
    """A member's private feed (`for-you`, `saved-searches/<id>`), readable by whoever holds the token."""
    return f"/feeds/private/{token}/{name}.{kind}"


def saved_search_feed_path(token: str, saved_search_id: int, kind: str = "atom") -> str:
    return private_feed_path(token, f"saved-searches/{saved_search_id}", kind)


def for_you_feed_path(token: str, kind: str = "atom") -> str:
    return private_feed_path(token, "for-you", kind)


def feed_token_path() -> str:
    """Where the account page makes a new private feed token (POST) or revokes it (POST to …/revoke)."""
    return "/account/feed-token"


def feed_token_revoke_path() -> str:
    return "/account/feed-token/revoke"
