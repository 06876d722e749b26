"""`dailypapers backup`, `dailypapers export` and reading an export back with `dailypapers import`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dailypapers.services.backups import BackupUnsupported, back_up_database
from dailypapers.services.container import Services


def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the copy (replaced if it exists).", dir_okay=False)],
) -> None:
    """Copy the SQLite database to FILE, consistent while the site serves (PostgreSQL: use pg_dump)."""
    services: Services = ctx.obj
    try:
        report = back_up_database(services.db, target=file)
    except BackupUnsupported as error:
        typer.echo(f"no backup written: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{report.path}: {report.size_bytes:,} bytes")
