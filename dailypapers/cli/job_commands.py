"""`dailypapers worker` and `dailypapers job list|run`: the recurring jobs of jobs/recurring.py."""

from __future__ import annotations

import signal
import threading
from datetime import datetime
from types import FrameType
from typing import Annotated

import typer

from dailypapers.cli.schema import require_current_schema
from dailypapers.domain.clock import utc_now
from dailypapers.jobs.recurring import find_job, recurring_jobs
from dailypapers.jobs.worker import POLL_SECONDS, run_job_now, run_worker
from dailypapers.services.container import Services
from dailypapers.services.jobs import list_job_states

job_app = typer.Typer(help="Recurring jobs: list them, run one now.", no_args_is_help=True)


def worker(
    ctx: typer.Context,
    poll: Annotated[float, typer.Option(min=0.1, help="Seconds between looks at the schedule.")] = POLL_SECONDS,
) -> None:
    """Run every recurring job when it is due, until stopped (SIGTERM or Ctrl-C end it between jobs)."""
    services: Services = ctx.obj
    require_current_schema(services)
    stop = threading.Event()

    def request_stop(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    run_worker(services, recurring_jobs(services.settings), stop=stop, poll_seconds=poll)


@job_app.command("list")
def list_jobs(ctx: typer.Context) -> None:
    """Every recurring job: its schedule, its last run and how it ended, when it runs next, who runs it now."""
    services: Services = ctx.obj
    require_current_schema(services)
    jobs = recurring_jobs(services.settings)
    now = utc_now()
    states = list_job_states(services.db, names=[job.name for job in jobs], now=now)
    rows = [("NAME", "SCHEDULE", "LAST RUN", "OUTCOME", "NEXT RUN", "RUNNING ON")]
    for job in jobs:
        job_state = states[job.name]
        run = job_state.run
        rows.append(
            (
                job.name,
                job.schedule.describe(),
                _when(run.last_started_at if run else None),
                (run.last_outcome or "-") if run else "never run",
                _when(job.schedule.next_slot(now)),
                job_state.holder or "-",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for job in jobs:
        run = states[job.name].run
        if run and run.last_summary:
            typer.echo(f"{job.name}: {run.last_summary}")


@job_app.command("run")
def run_job(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="A name from `dailypapers job list`.")]
) -> None:
    """Run one job now, whatever its schedule (it still waits its turn if a worker is running it)."""
    services: Services = ctx.obj
    require_current_schema(services)
    jobs = recurring_jobs(services.settings)
    job = find_job(jobs, name)
    if job is None:
        typer.echo(f"no job {name!r}; the jobs are: {', '.join(job.name for job in jobs)}", err=True)
        raise typer.Exit(2)
    result = run_job_now(services, job)
    if result is None:
        typer.echo(f"{name} is running elsewhere now; see `dailypapers job list`", err=True)
        raise typer.Exit(1)
    typer.echo(f"{name}: {result.outcome} in {result.seconds:.1f} s: {result.summary}")
    raise typer.Exit(0 if result.outcome == "ok" else 1)


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "-"
