"""`dailypapers backup`, `dailypapers export` and reading an export back with `dailypapers import`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dailypapers.services import database as database_service
from dailypapers.services.backups import BackupUnsupported, back_up_database
from dailypapers.services.container import Services
from dailypapers.services.instance_exports import export_instance
from dailypapers.services.instance_imports import ExportUnreadable, InstanceNotEmpty, import_instance


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


def export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the export (gzipped JSON lines).", dir_okay=False)],
    include_private: Annotated[
        bool,
        typer.Option(
            "--include-private",
            help="Also members' email addresses and password hashes, and the email subscriptions. Without it "
            "members keep their content under placeholder addresses (`dailypapers user reattach`).",
        ),
    ] = False,
) -> None:
    """Write everything needed to move this instance; `dailypapers import FILE` reads it into an empty one."""
    services: Services = ctx.obj
    report = export_instance(services.db, target=file, include_private=include_private)
    rows = ", ".join(f"{count:,} {name}" for name, count in report.row_counts.items() if count)
    typer.echo(f"{report.path}: {rows or 'nothing'}{'' if include_private else ' (no private data)'}")


def import_export(services: Services, *, path: Path) -> None:
    """Read an export into this instance (called by `dailypapers import` when the file is one)."""
    database_service.migrate_database(services.db)
    try:
        report = import_instance(services.db, path=path)
    except (ExportUnreadable, InstanceNotEmpty) as error:
        typer.echo(f"nothing imported: {error}", err=True)
        raise typer.Exit(1) from None
    rows = ", ".join(f"{count:,} {name}" for name, count in report.row_counts.items() if count)
    typer.echo(f"{path}: instance export imported: {rows or 'nothing'}")
    if not report.include_private:
        typer.echo(
            "members came without addresses or passwords: give each account back with "
            "`dailypapers user reattach USERNAME EMAIL`",
            err=True,
        )
