"""`dailypapers subscription list|unsubscribe`: digest subscriptions, counted, and an address unsubscribed."""

from __future__ import annotations

from typing import Annotated

import typer

from dailypapers.cli.schema import require_current_schema
from dailypapers.domain.clock import utc_now
from dailypapers.services import subscriptions as subscriptions_service
from dailypapers.services.container import Services

subscription_app = typer.Typer(help="Digest subscriptions: count them, unsubscribe an address.", no_args_is_help=True)


@subscription_app.callback()
def prepare(ctx: typer.Context) -> None:
    require_current_schema(ctx.obj)


@subscription_app.command("list")
def list_subscriptions(ctx: typer.Context) -> None:
    """How many subscriptions receive digests, are paused, suspended, unconfirmed or unsubscribed."""
    services: Services = ctx.obj
    counts = subscriptions_service.count_subscriptions(services.db)
    for label in ("receiving", "paused", "suspended", "pending", "unsubscribed"):
        typer.echo(f"{label:<13}{counts.get(label, 0):>8,}")


@subscription_app.command("unsubscribe")
def unsubscribe(
    ctx: typer.Context, email: Annotated[str, typer.Argument(help="The address, e.g. from a List-Unsubscribe mail.")]
) -> None:
    """Stop the digests to an address at once (what its one-click link does)."""
    services: Services = ctx.obj
    if not subscriptions_service.unsubscribe_address(services.db, email=email, now=utc_now()):
        typer.echo(f"no subscription has the address {email.strip()}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{email.strip().lower()} is unsubscribed")
