"""`dailypapers migrate` and `dailypapers import`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from dailypapers.cli.backup_commands import import_export
from dailypapers.cli.search_commands import index_imported
from dailypapers.services import database as database_service
from dailypapers.services.container import Services
from dailypapers.services.imports import ImportProblem, ImportProgress, ImportReport, import_file
from dailypapers.services.instance_exports import is_instance_export
from dailypapers.sources.jsonl import UnknownFormat

err = Console(stderr=True, highlight=False)


def migrate(ctx: typer.Context) -> None:
    """Create or upgrade the database schema to the newest version."""
    services: Services = ctx.obj
    before, after = database_service.migrate_database(services.db)
    if before == after:
        typer.echo(f"database is up to date (revision {after})")
    else:
        typer.echo(f"database migrated from {before or 'empty'} to {after}")


def import_files(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="JSONL files, plain or .gz, or one `dailypapers export` file", exists=True, dir_okay=False),
    ],
    format: Annotated[
        Literal["arxiv-listing", "arxiv-snapshot", "hf-daily"] | None,
        typer.Option("--format", help="Force the format instead of detecting it from the file."),
    ] = None,
) -> None:
    """Import papers (and Daily Papers lists) from JSONL dumps, or an instance from a `dailypapers export` file.
    Exit status 1 when any line was skipped."""
    services: Services = ctx.obj
    exports = [path for path in files if is_instance_export(path)]
    if exports:
        if len(files) > 1:
            typer.echo("import an instance export on its own, into an empty instance", err=True)
            raise typer.Exit(2)
        import_export(services, path=exports[0])
        index_imported(services)
        return
    database_service.migrate_database(services.db)
    skipped = 0
    for path in files:
        try:
            report = run_import(services, path=path, format=format)
        except UnknownFormat as error:
            err.print(str(error), style="red", soft_wrap=True, markup=False)
            skipped += 1
            continue
        skipped += report.skipped
    index_imported(services)
    raise typer.Exit(1 if skipped else 0)


def run_import(
    services: Services, *, path: Path, format: Literal["arxiv-listing", "arxiv-snapshot", "hf-daily"] | None
) -> ImportReport:
    """Import one file with a progress bar, problems printed as they come."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[lines]:>8,} lines · {task.fields[rate]:>6,.0f}/s"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task(path.name, total=path.stat().st_size, lines=0, rate=0.0)

        def on_progress(update: ImportProgress) -> None:
            elapsed = progress.tasks[task].elapsed or 1e-9
            progress.update(task, completed=update.bytes_read, lines=update.lines, rate=update.lines / elapsed)

        def on_problem(problem: ImportProblem) -> None:
            # One unwrapped line each, so that `grep file:line` finds it.
            progress.console.print(str(problem), style="yellow", soft_wrap=True, markup=False, highlight=False)

        report = import_file(services.db, path=path, format=format, on_progress=on_progress, on_problem=on_problem)
    typer.echo(
        f"{path}: {report.format}, {report.lines:,} lines: {report.inserted:,} new papers, "
        f"{report.updated:,} updated, {report.unchanged:,} unchanged, {report.daily_added:,} daily entries added, "
        f"{report.skipped:,} skipped"
    )
    return report
