"""`dailypapers curation ...`: an operator shaping any day's list, as curators do on the site; logged as the
operator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, NoReturn

import typer

from dailypapers.domain.clock import utc_now
from dailypapers.domain.periods import InvalidPeriod, parse_day
from dailypapers.services import curation as curation_service
from dailypapers.services.container import Services
from dailypapers.services.errors import InvalidInput, Refused

curation_app = typer.Typer(help="Curate daily lists: add, pin, unpin, move, remove, log.", no_args_is_help=True)

DayArgument = Annotated[str, typer.Argument(help="The day, YYYY-MM-DD.")]
PaperArgument = Annotated[str, typer.Argument(help="An arXiv id or link.")]


@curation_app.command("add")
def add(
    ctx: typer.Context,
    day: DayArgument,
    arxiv_id: PaperArgument,
    pin: Annotated[bool, typer.Option("--pin", help="Pin it after the day's other pinned papers.")] = False,
    comment: Annotated[str | None, typer.Option("--comment", help="Shown with the paper on the list.")] = None,
) -> None:
    """Add a paper to a day's list (any day, any paper: looked up on arXiv when lookups are on)."""
    services: Services = ctx.obj
    with _reported():
        entry = curation_service.add_to_list(
            services.db,
            day=_day(day),
            text=arxiv_id,
            comment=comment,
            curator=None,
            fetcher=services.arxiv,
            now=utc_now(),
            pin=pin,
        )
    pinned = f" (pinned at {entry.position})" if entry.pinned else ""
    typer.echo(f"added {entry.paper.arxiv_id} to {entry.day}{pinned}: {entry.paper.title}")


@curation_app.command("pin")
def pin(ctx: typer.Context, day: DayArgument, arxiv_id: PaperArgument) -> None:
    """Pin an entry, after the day's other pinned papers."""
    _update(ctx.obj, day, arxiv_id, pinned=True)


@curation_app.command("unpin")
def unpin(ctx: typer.Context, day: DayArgument, arxiv_id: PaperArgument) -> None:
    """Unpin an entry: it goes back among the others, by upvotes."""
    _update(ctx.obj, day, arxiv_id, pinned=False)


@curation_app.command("move")
def move(
    ctx: typer.Context,
    day: DayArgument,
    arxiv_id: PaperArgument,
    position: Annotated[int, typer.Argument(min=1, help="Its place among the pinned, 1 first.")],
) -> None:
    """Move an entry to a place among the day's pinned papers (pinning it if need be)."""
    _update(ctx.obj, day, arxiv_id, position=position)


@curation_app.command("remove")
def remove(
    ctx: typer.Context,
    day: DayArgument,
    arxiv_id: PaperArgument,
    reason: Annotated[str | None, typer.Option("--reason", help="Why; kept in the curation log.")] = None,
) -> None:
    """Remove a paper from a day's list; the curation log keeps what it was."""
    services: Services = ctx.obj
    with _reported():
        curation_service.remove_entry(
            services.db, day=_day(day), arxiv_id=arxiv_id, curator=None, reason=reason, now=utc_now()
        )
    typer.echo(f"removed {arxiv_id} from {day}")


@curation_app.command("log")
def show_log(ctx: typer.Context, day: DayArgument) -> None:
    """Print what curators did to a day's list, oldest first."""
    services: Services = ctx.obj
    events = curation_service.list_curation_log(services.db, day=_day(day))
    if not events:
        typer.echo(f"nothing was curated on {day}")
    for event in events:
        who = f"@{event.actor.username}" if event.actor else "operator"
        reason = f' "{event.reason}"' if event.reason else ""
        detail = f" ({event.detail})" if event.detail else ""
        typer.echo(f"{event.created_at:%Y-%m-%d %H:%M}Z  {who}  {event.action.value} {event.arxiv_id}{reason}{detail}")


def _update(
    services: Services, day: str, arxiv_id: str, *, pinned: bool | None = None, position: int | None = None
) -> None:
    with _reported():
        entry = curation_service.update_entry(
            services.db, day=_day(day), arxiv_id=arxiv_id, curator=None, pinned=pinned, position=position, now=utc_now()
        )
    where = f"is pinned at {entry.position}" if entry.pinned else "is not pinned"
    typer.echo(f"{entry.paper.arxiv_id} on {entry.day} {where}")


def _day(text: str) -> date:
    try:
        return parse_day(text).start
    except InvalidPeriod as error:
        _fail(str(error))


@contextmanager
def _reported() -> Iterator[None]:
    """Refusals and bad input end the command with their message and exit status 1."""
    try:
        yield
    except InvalidInput as error:
        _fail(*error.errors.values())
    except Refused as error:
        _fail(str(error))


def _fail(*messages: str) -> NoReturn:
    for message in messages:
        typer.echo(message, err=True)
    raise typer.Exit(1)
