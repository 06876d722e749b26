"""`dailypapers serve` and `dailypapers demo`."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from dailypapers.cli.data_commands import run_import
from dailypapers.cli.schema import require_current_schema
from dailypapers.cli.search_commands import run_keyword_index
from dailypapers.domain.clock import utc_now
from dailypapers.domain.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_USERNAME
from dailypapers.domain.users import Role
from dailypapers.services import database as database_service
from dailypapers.services import users as users_service
from dailypapers.services.container import Services
from dailypapers.services.demo_member import start_demo_member
from dailypapers.services.embedding_files import ModelMismatch, load_embeddings
from dailypapers.services.errors import InvalidInput
from dailypapers.services.imports import is_file_imported
from dailypapers.services.metrics import MULTIPROCESS_DIR_VARIABLE
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
    process_count = workers or settings.workers
    if process_count > 1:
        prepare_metrics_directory(settings.data_dir / "metrics")
    typer.echo(f"serving {settings.site_name} on http://{bind_host}:{bind_port}", err=True)
    # A factory string, not an app object: each worker process builds its own app from the environment.
    uvicorn.run(
        "dailypapers.web.app:create_app_from_environment",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=process_count,
        log_level=settings.log_level,
        # The app sets its logging up itself (DAILYPAPERS_LOG_FORMAT) and logs each request in one line.
        log_config=None,
        # The fast event loop and HTTP parser (pinned dependencies, so never the pure-Python fallbacks "auto" may
        # pick), and no uvicorn access log: a line per request through `logging` is work on every answer, and the
        # app's own request log replaces it.
        loop="uvloop",
        http="httptools",
        access_log=False,
        # The app reads X-Forwarded-* itself, and only from as many proxies as DAILYPAPERS_TRUSTED_PROXY_COUNT says;
        # uvicorn's own handling would trust any local peer's headers.
        proxy_headers=False,
    )


def prepare_metrics_directory(directory: Path) -> None:
    """Point Prometheus's multi-process mode at an empty `directory`, before the workers start: each worker
    writes its counters there and `/metrics` sums them. Emptied each start, as prometheus-client asks."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    os.environ[MULTIPROCESS_DIR_VARIABLE] = str(directory)


# What `dailypapers demo` sets unless the operator said otherwise: emails into the outbox, the demo notice, and
# submissions of any age.
DEMO_DEFAULTS: dict[str, object] = {"email_backend": "file", "demo": True, "submission_max_age_days": 0}


def demo(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
    serve_site: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve once the data is in.")] = True,
) -> None:
    """Migrate, import the shipped demo data that is not imported yet, and serve. Emails go into the outbox
    folder (read them at /admin/outbox) unless DAILYPAPERS_EMAIL_BACKEND says otherwise."""
    services: Services = ctx.obj
    # The archive's papers are all older than the age rule: a demo takes papers of any age, so submitting works.
    relaxed = {name: value for name, value in DEMO_DEFAULTS.items() if name not in services.settings.model_fields_set}
    services.settings = services.settings.model_copy(update=relaxed)
    # Each server process builds its app from the environment (serve's factory): the demo's settings go there.
    os.environ.update({f"DAILYPAPERS_{name.upper()}": str(value).lower() for name, value in relaxed.items()})
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
    make_demo_account(services)
    if serve_site:
        serve(ctx, host=host, port=port, workers=None)


def make_demo_account(services: Services) -> None:
    """The demo admin, confirmed, so a newcomer can try every journey; said again on every page of the demo."""
    if users_service.get_user_by_username(services.db, username=DEMO_USERNAME) is None:
        try:
            users_service.create_user(
                services.db,
                services.mailer,
                email=DEMO_EMAIL,
                username=DEMO_USERNAME,
                role=Role.ADMIN,
                password=DEMO_PASSWORD,
                now=utc_now(),
                invite_lifetime=timedelta(days=services.settings.account_invite_days),
            )
        except InvalidInput as error:
            typer.echo(f"no demo admin: {'; '.join(error.errors.values())}", err=True)
            return
    admin = users_service.get_user_by_username(services.db, username=DEMO_USERNAME)
    if admin is not None and start_demo_member(services.db, user_id=admin.id, now=utc_now()):
        typer.echo("demo admin: a reading list, follows and a saved search to start For you from")
    typer.echo(f"demo admin: sign in as {DEMO_EMAIL} with the password {DEMO_PASSWORD}")


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
