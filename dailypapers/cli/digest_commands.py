"""`dailypapers digest send`: the email digest from the command line."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import typer

from dailypapers.cli.schema import require_current_schema
from dailypapers.domain.clock import utc_now
from dailypapers.domain.subscriptions import Cadence
from dailypapers.services.container import Services
from dailypapers.services.digests import DigestOptions, describe_run_report, local_date, run_digests
from dailypapers.services.leases import LeaseUnavailable

digest_app = typer.Typer(help="Email digests: send them.", no_args_is_help=True)


@digest_app.callback()
def prepare(ctx: typer.Context) -> None:
    require_current_schema(ctx.obj)


@digest_app.command("send")
def send(
    ctx: typer.Context,
    cadence: Annotated[
        Cadence | None, typer.Option("--cadence", help="Only daily or only weekly digests (default: both).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be sent; write and send nothing.")] = False,
    on: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The send date (default: today in DAILYPAPERS_TIMEZONE)."),
    ] = None,
    wait: Annotated[
        float | None,
        typer.Option(
            help="Seconds to wait for another run to finish (default: the job lease, so a crashed run's "
            "lease lapses first)."
        ),
    ] = None,
) -> None:
    """Create the digests due on the date and send every digest due. Exit status 1 when sending stopped early."""
    services: Services = ctx.obj
    options = DigestOptions.from_settings(services.settings, links=services.email_links, model=services.search.model)
    try:
        send_date = date.fromisoformat(on) if on else local_date(utc_now(), options.zone)
    except ValueError:
        typer.echo(f"--date {on!r} is not a date like 2026-08-24", err=True)
        raise typer.Exit(2) from None
    patience = timedelta(seconds=wait if wait is not None else services.settings.job_lease_seconds + 5)
    try:
        report = run_digests(
            services.db,
            services.mailer,
            options,
            send_date=send_date,
            cadences=(cadence,) if cadence else tuple(Cadence),
            dry_run=dry_run,
            wait=patience,
        )
    except LeaseUnavailable as busy:
        typer.echo(f"another run is sending digests: {busy}", err=True)
        raise typer.Exit(1) from None
    typer.echo(("dry run: " if dry_run else "") + describe_run_report(report))
    raise typer.Exit(1 if report.sent is not None and report.sent.stopped else 0)
