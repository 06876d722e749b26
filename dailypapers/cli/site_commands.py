"""`dailypapers serve` and `dailypapers demo`."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from dailypapers.cli.data_commands import run_import
from dailypapers.cli.schema import require_current_schema
from dailypapers.cli.search_commands import run_keyword_index
from dailypapers.services import database as database_service
from dailypapers.services.container import Services
from dailypapers.services.embedding_files import ModelMismatch, load_embeddings
from dailypapers.services.imports import is_file_imported
from dailypapers.settings import InsecureSettings


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address to bind (default: DAILYPAPERS_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: DAILYPAPERS_PORT).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: DAILYPAPERS_WORKERS).")] = None,
) -> None:
    """Serve the site and the API (migrations must have run: `dailypapers migrate`)."""
    services: Services = ctx.obj
    settings = services.settings
    try:
        settings.check_secure()
    except InsecureSettings as error:
        typer.echo(f"refusing to start: {error}", err=True)
        raise typer.Exit(2) from None
    require_current_schema(services)
    bind_host, bind_port = host or settings.host, port or settings.port
    typer.echo(f"serving {settings.site_name} on http://{bind_host}:{bind_port}", err=True)
    # A factory string, not an app object: each worker process builds its own app from the environment.
    uvicorn.run(
        "dailypapers.web.app:create_app_from_environment",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=workers or settings.workers,
        log_level=settings.log_level,
        # The app reads X-Forwarded-* itself, and only from as many proxies as DAILYPAPERS_TRUSTED_PROXY_COUNT says;
        # uvicorn's own handling would trust any local peer's headers.
        proxy_headers=False,
    )


def demo(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
    serve_site: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve once the data is in.")] = True,
) -> None:
    """Migrate, import the shipped demo data that is not imported yet, and serve. Emails go into the outbox
    folder (read them at /admin/outbox) unless DAILYPAPERS_EMAIL_BACKEND says otherwise."""
    services: Services = ctx.obj
    if "email_backend" not in services.settings.model_fields_set:
        # Read again by each server process (serve's app factory), so the environment is where it must be said.
        os.environ["DAILYPAPERS_EMAIL_BACKEND"] = "file"
        services.settings = services.settings.model_copy(update={"email_backend": "file"})
    database_service.migrate_database(services.db)
    for path in services.settings.demo_files:
        if not path.exists():
            typer.echo(f"demo file {path} is missing; run from the repository's root", err=True)
            raise typer.Exit(2)
        if is_file_imported(services.db, path=path):
            typer.echo(f"{path}: already imported")
            continue
        run_import(services, path=path, format=None)
    load_demo_embeddings(services)
    run_keyword_index(services)  # about a second for the demo's 19k papers
    if serve_site:
        serve(ctx, host=host, port=port, workers=None)


def load_demo_embeddings(services: Services) -> None:
    """Load the shipped vectors of the demo corpus, so semantic search works as soon as the demo serves."""
    path = services.settings.demo_embeddings_file
    if not services.search.model.available:
        typer.echo(f"semantic search is unavailable ({services.search.model.problem}); keyword search only", err=True)
        return
    if not path.exists():
        typer.echo(f"{path} is missing: run `dailypapers index` for semantic search", err=True)
        return
    try:
        report = load_embeddings(services.db, services.search, path=path)
    except ModelMismatch as error:
        typer.echo(f"{error}: run `dailypapers index` to embed the demo papers with it", err=True)
        return
    typer.echo(
        f"{path}: {report.loaded:,} embeddings loaded, {report.already:,} already there"
        + (f", {report.changed:,} papers changed since (run `dailypapers index`)" if report.changed else "")
    )
