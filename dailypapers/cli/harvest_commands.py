"""`dailypapers harvest`: new and updated arXiv papers through OAI-PMH, with a progress bar on a terminal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TaskProgressColumn, TextColumn, TimeElapsedColumn

from dailypapers.cli.schema import require_current_schema
from dailypapers.cli.search_commands import index_imported
from dailypapers.services.container import Services
from dailypapers.services.harvest import (
    HarvestProgress,
    HarvestRefused,
    harvest_options,
    harvest_papers,
    list_harvests,
    open_oai_client,
)
from dailypapers.sources.arxiv_oai import RecordProblem

err = Console(stderr=True, highlight=False)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


def harvest(
    ctx: typer.Context,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="First datestamp (YYYY-MM-DD). Default: where the last complete run ended."),
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last datestamp (YYYY-MM-DD). Default: today.")] = None,
    sets: Annotated[
        list[str] | None, typer.Option("--set", help="An OAI-PMH set, repeatable. Default: DAILYPAPERS_HARVEST_SETS.")
    ] = None,
) -> None:
    """Add the papers arXiv announced or changed, set by set, resuming where an interrupted run stopped.
    Exit status 1 when a record was skipped or arXiv made the run stop early (the next run resumes there)."""
    services: Services = ctx.obj
    require_current_schema(services)
    settings = services.settings
    options = harvest_options(settings, from_day=_day(from_), until_day=_day(until), sets=sets or ())
    with (
        open_oai_client(settings) as client,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[records]:>9,} records · {task.fields[rate]:>6,.0f}/s"),
            TimeElapsedColumn(),
            console=err,
        ) as progress,
    ):
        tasks: dict[str, tuple[TaskID, datetime]] = {}

        def on_progress(update: HarvestProgress) -> None:
            if update.set_spec not in tasks:
                tasks[update.set_spec] = (progress.add_task(update.set_spec, total=None, records=0, rate=0.0), _now())
            task, started = tasks[update.set_spec]
            elapsed = max((_now() - started).total_seconds(), 1e-9)
            progress.update(
                task,
                completed=update.records_done,
                total=update.complete_list_size,
                records=update.records_this_run,
                rate=update.records_this_run / elapsed,
            )

        def on_problem(problem: RecordProblem) -> None:
            progress.console.print(f"skipped {problem}", style="yellow", soft_wrap=True, markup=False)

        try:
            report = harvest_papers(
                services.db, client, options, on_progress=on_progress, on_problem=on_problem, clock=services.clock
            )
        except HarvestRefused as error:
            err.print(str(error), style="red", soft_wrap=True, markup=False)
            raise typer.Exit(2) from None
    typer.echo(report.summary())
    for state in list_harvests(services.db):
        through = state.harvested_through.isoformat() if state.harvested_through else "not yet complete"
        under_way = f"; {state.records_done:,} records into a list from {state.run_from}" if state.run_from else ""
        typer.echo(f"set {state.set_spec}: complete through {through}{under_way}")
    index_imported(services)
    raise typer.Exit(1 if report.stopped or report.skipped else 0)


def _now() -> datetime:
    return datetime.now()  # noqa: DTZ005 - an interval on this machine's clock, for the rate shown
