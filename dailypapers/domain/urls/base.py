"""What every address shares: the base URL for links that leave the site, query strings, page numbers."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

_PERIOD_SEGMENTS = {"day": "date", "week": "week", "month": "month"}


def absolute(base_url: str, path: str) -> str:
    """A link from outside the site: `https://papers.example.org` + `/papers/2406.01234`."""
    return base_url.rstrip("/") + path


def with_query(path: str, query: Mapping[str, str | int | None]) -> str:
    """`path?a=1&b=2`, leaving out the parameters that are None; the bare path when none is left."""
    kept = {name: value for name, value in query.items() if value is not None}
    return f"{path}?{urlencode(kept)}" if kept else path


def page_number(page: int) -> int | None:
    """A list's page as its query parameter: none for the first."""
    return page if page > 1 else None


def period_base(kind: str, key: str) -> str:
    """A day's, week's or month's list: `/papers/date/2025-06-12`, `/papers/week/2025-W24`."""
    return f"/papers/{_PERIOD_SEGMENTS[kind]}/{key}"
