"""`dailypapers upstream pull`: bring the followed upstream's daily lists here, with a progress bar."""

from __future__ import annotations

from datetime import date
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from dailypapers.cli.schema import require_current_schema
from dailypapers.domain.periods import InvalidPeriod, parse_day
from dailypapers.domain.upstream import DayReport, SkippedItem
from dailypapers.services.container import Services
from dailypapers.services.errors import InvalidInput
from dailypapers.services.upstream import pull_upstream

upstream_app = typer.Typer(help="Follow an upstream daily list (DAILYPAPERS_UPSTREAM_URL).", no_args_is_help=True)


@upstream_app.command("pull")
def pull(
    ctx: typer.Context,
    start: Annotated[
        str | None,
        typer.Option("--from", help="First day, YYYY-MM-DD. Default: two days before the last day pulled whole."),
    ] = None,
    end: Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD. Default: today.")] = None,
) -> None:
    """Pull the upstream's lists of these days: papers, places, upstream counts, submitters. Safe to re-run."""
    services: Services = ctx.obj
    require_current_schema(services)
    source = services.upstream
    if source is None:
        _fail("no upstream to pull: set DAILYPAPERS_UPSTREAM_URL (e.g. https://huggingface.co)")
    first, last = _day(start, "--from"), _day(end, "--until")
    err = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("days · {task.fields[entries]:,} entries added"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task(services.settings.upstream_url, total=None, entries=0)

        def on_day(report: DayReport, done: int, total: int) -> None:
            added = progress.tasks[task].fields["entries"] + report.added
            progress.update(task, completed=done, total=total, entries=added, description=str(report.day))

        def on_skip(item: SkippedItem) -> None:
            progress.console.print(f"skipped {item}", style="yellow", soft_wrap=True, markup=False, highlight=False)

        try:
            report = pull_upstream(
                services.db, source=source, start=first, end=last, clock=services.clock, on_day=on_day, on_skip=on_skip
            )
        except InvalidInput as error:
            _fail(*error.errors.values())
    typer.echo(report.summary())
    if not report.complete:
        raise typer.Exit(1)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return parse_day(text).start
    except InvalidPeriod as error:
        _fail(f"{option}: {error}")


def _fail(*messages: str) -> NoReturn:
    for message in messages:
        typer.echo(message, err=True)
    raise typer.Exit(1)
