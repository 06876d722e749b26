"""`dailypapers trending`: the trending list as the site shows it, with the reasons, for operators and scripts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import typer

from dailypapers.domain.clock import utc_now
from dailypapers.domain.periods import InvalidPeriod, parse_day
from dailypapers.services.container import Services
from dailypapers.services.trending import get_trending
from dailypapers.settings import MAX_TRENDING_WINDOW_DAYS


def show_trending(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--date", help="As of this day, YYYY-MM-DD (default: now).")] = None,
    window: Annotated[
        int | None,
        typer.Option(
            min=1, max=MAX_TRENDING_WINDOW_DAYS, help="Days of lists (default: DAILYPAPERS_TRENDING_WINDOW_DAYS)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="How many papers.")] = 10,
    why: Annotated[bool, typer.Option("--why", help="Print what each score is made of.")] = False,
) -> None:
    """Print the trending papers: rank, score, upvotes, arXiv id and title."""
    services: Services = ctx.obj
    day = _parse(as_of)
    days = window or services.settings.trending_window_days
    listing = get_trending(services.db, now=utc_now(), window_days=days, as_of=day, limit=limit)
    if listing.fell_back:
        typer.echo(f"no paper joined a list in the {days} days asked for; as of the latest addition instead", err=True)
    last_day = listing.end - timedelta(days=1)
    typer.echo(f"# as of {listing.at:%Y-%m-%d %H:%M} UTC, lists of {listing.start} to {last_day}")
    for rank, item in enumerate(listing.items, 1):
        paper = item.entry.paper
        typer.echo(f"{rank:3}  {item.score:8.2f}  {paper.upvote_count:5}  {paper.arxiv_id:16}  {paper.title}")
        if why:
            for line in item.explanation.contributions:
                typer.echo(f"{'':32}+{line.points:.2f}  {line.count} {line.label}")


def _parse(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return parse_day(text).start
    except InvalidPeriod as error:
        raise typer.BadParameter(str(error), param_hint="--date") from None
