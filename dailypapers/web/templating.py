"""Jinja2 set-up and page rendering; templates get view models, the header, `csrf_input()`, `urls`, `static_url()`,
`absolute_url()` and a few filters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from dailypapers.domain import urls
from dailypapers.domain.upstream import UpstreamLink, upstream_name
from dailypapers.web.csrf import csrf_input, issue_csrf_cookie
from dailypapers.web.header import header_context
from dailypapers.web.state import get_web_state
from dailypapers.web.static_files import StaticAssets

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def create_templates(*, site_name: str, base_url: str, assets: StaticAssets, upstream_url: str = "") -> Jinja2Templates:
    # The templates ship inside the package and change only with a new release, which restarts the workers: with
    # auto_reload (Jinja's default) every use of a template, twice per search result card, checked its file's time.
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(), auto_reload=False
    )
    templates = Jinja2Templates(env=environment, context_processors=[header_context])
    templates.env.globals["site_name"] = site_name
    # The followed upstream (DAILYPAPERS_UPSTREAM_URL), or None: cards name it beside its counts and link to it.
    templates.env.globals["upstream"] = (
        UpstreamLink(upstream_name(upstream_url), upstream_url) if upstream_url else None
    )
    templates.env.globals["static_url"] = assets.url  # `static_url('site.css')`: the content-hashed path
    # Links read outside the page (canonical, Open Graph) start with the configured address, never the Host header.
    templates.env.globals["absolute_url"] = lambda path: urls.absolute(base_url, path)
    templates.env.globals["csrf_input"] = csrf_input
    templates.env.globals["urls"] = urls  # every path a template writes: `urls.paper_path(id)`, `urls.signin_path()`
    templates.env.filters["long_date"] = format_long_date
    templates.env.filters["short_date"] = format_short_date
    templates.env.filters["date_time"] = format_date_time
    templates.env.filters["count"] = format_count
    return templates


def render_page(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    response = get_web_state(request).templates.TemplateResponse(
        request, name, context, status_code=status_code, headers=headers
    )
    issue_csrf_cookie(request, response)  # a form on the page may have started a CSRF seed
    return response


def format_long_date(value: date | None) -> str:
    """Thursday, 12 June 2025."""
    return "" if value is None else f"{value:%A}, {value.day} {value:%B %Y}"


def format_short_date(value: date | datetime | None) -> str:
    """12 Jun 2025."""
    return "" if value is None else f"{value.day} {value:%b %Y}"


def format_date_time(value: datetime) -> str:
    """12 Jun 2025, 09:30 UTC: a comment's time, when replies on one day need telling apart."""
    moment = value.astimezone(UTC)
    return f"{format_short_date(moment)}, {moment:%H:%M} UTC"


def format_count(value: int) -> str:
    """1234 -> 1.2k, as the cards have little room."""
    if value < 1000:
        return str(value)
    return f"{value / 1000:.1f}k".replace(".0k", "k")
