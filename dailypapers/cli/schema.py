"""What commands that read or write the site's tables check first: that the database schema is current."""

from __future__ import annotations

import typer

from dailypapers.services import database as database_service
from dailypapers.services.container import Services


def require_current_schema(services: Services) -> None:
    """Exit with status 2 and the remedy when the database is behind the code's migrations."""
    if not database_service.is_database_current(services.db):
        typer.echo("the database schema is not current: run `dailypapers migrate` first", err=True)
        raise typer.Exit(2)
