"""Site-wide pages (home, search, For you, trending, health) and the daily lists' pages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

from dailypapers.domain.periods import Period
from dailypapers.domain.urls.base import page_number, period_base, with_query

# Site-wide pages.


def home_path() -> str:
    return "/"


def healthz_path() -> str:
    return "/healthz"


def readyz_path() -> str:
    return "/readyz"


def metrics_path() -> str:
    return "/metrics"


def api_docs_path() -> str:
    return "/docs"


def related_path() -> str:
    return "/related"


def search_path(query: Mapping[str, str] | None = None) -> str:
    """The search page; `query` is its parameters (q, page, filters), in the order given."""
    return "/papers?" + urlencode(query) if query is not None else "/papers"


def for_you_path(
    *, daily_only: bool = True, published_from: date | None = None, published_to: date | None = None, page: int = 1
) -> str:
    """The member's "For you"; the defaults (the daily lists, the last 30 days) leave the query out."""
    return with_query(
        "/for-you",
        {
            "daily_only": None if daily_only else "false",
            "from": published_from.isoformat() if published_from else None,
            "to": published_to.isoformat() if published_to else None,
            "page": page_number(page),
        },
    )


def trending_path(*, window: int | None = None, as_of: date | None = None, page: int = 1) -> str:
    return with_query(
        "/papers/trending", {"window": window, "date": as_of.isoformat() if as_of else None, "page": page_number(page)}
    )


# Daily lists.


def day_path(day: date, *, sort: str = "upvotes", page: int = 1) -> str:
    return with_query(period_base("day", day.isoformat()), _list_query(sort, page))


def period_path(period: Period, *, sort: str = "upvotes", page: int = 1) -> str:
    """A day's, week's or month's list: `/papers/date/2025-06-12`, `/papers/week/2025-W24`, `/papers/month/2025-06`."""
    return with_query(period_base(period.kind, period.key), _list_query(sort, page))


def _list_query(sort: str, page: int) -> dict[str, str | int | None]:
    return {"sort": sort if sort != "upvotes" else None, "page": page_number(page)}


def date_picker_path() -> str:
    """Where the date picker's form goes; it redirects to the day's own address."""
    return "/papers/date"


def day_entries_path(day: date) -> str:
    """Where a curator's form adds a paper to a day."""
    return f"{day_path(day)}/entries"


def day_curation_path(day: date) -> str:
    """Where a curator's pin, order and remove controls post."""
    return f"{day_path(day)}/curate"


def submit_path() -> str:
    return "/papers/submit"
