"""`dailypapers digests send` and `dailypapers subscriptions ...`: the email digest from the command line."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import typer

from dailypapers.domain.clock import utc_now
from dailypapers.domain.subscriptions import Cadence
from dailypapers.services import database as database_service
from dailypapers.services import subscriptions as subscriptions_service
from dailypapers.services.container import Services
from dailypapers.services.digests import DigestOptions, describe_run_report, local_date, run_digests
from dailypapers.services.leases import LeaseUnavailable

digests_app = typer.Typer(help="Email digests: send them.", no_args_is_help=True)
subscriptions_app = typer.Typer(help="Digest subscriptions: count them, unsubscribe an address.", no_args_is_help=True)


@digests_app.callback()
def prepare_digests(ctx: typer.Context) -> None:
    _require_current_schema(ctx.obj)


@subscriptions_app.callback()
def prepare_subscriptions(ctx: typer.Context) -> None:
    _require_current_schema(ctx.obj)


@digests_app.command("send")
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
    options = DigestOptions.from_settings(services.settings)
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


@subscriptions_app.command("list")
def list_subscriptions(ctx: typer.Context) -> None:
    """How many subscriptions receive digests, are paused, suspended, unconfirmed or unsubscribed."""
    services: Services = ctx.obj
    counts = subscriptions_service.count_subscriptions(services.db)
    for label in ("receiving", "paused", "suspended", "pending", "unsubscribed"):
        typer.echo(f"{label:<13}{counts.get(label, 0):>8,}")


@subscriptions_app.command("unsubscribe")
def unsubscribe(
    ctx: typer.Context, email: Annotated[str, typer.Argument(help="The address, e.g. from a List-Unsubscribe mail.")]
) -> None:
    """Stop the digests to an address at once (what its one-click link does)."""
    services: Services = ctx.obj
    if not subscriptions_service.unsubscribe_address(services.db, email=email, now=utc_now()):
        typer.echo(f"no subscription has the address {email.strip()}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{email.strip().lower()} is unsubscribed")


def _require_current_schema(services: Services) -> None:
    if not database_service.is_database_current(services.db):
        typer.echo("the database schema is not current: run `dailypapers migrate` first", err=True)
        raise typer.Exit(2)
