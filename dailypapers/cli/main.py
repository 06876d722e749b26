"""`dailypapers`: the operator's command line. Each command parses its input, calls a service and reports."""

from __future__ import annotations

import json
import logging

import typer

from dailypapers import __version__
from dailypapers.cli import (
    backup_commands,
    data_commands,
    harvest_commands,
    job_commands,
    search_commands,
    site_commands,
    trending_commands,
)
from dailypapers.cli.claim_commands import claim_app
from dailypapers.cli.code_commands import code_app
from dailypapers.cli.curation_commands import curation_app
from dailypapers.cli.digest_commands import digest_app
from dailypapers.cli.job_commands import job_app
from dailypapers.cli.subscription_commands import subscription_app
from dailypapers.cli.upstream_commands import upstream_app
from dailypapers.cli.user_commands import user_app
from dailypapers.services.container import Services
from dailypapers.services.logs import configure_logging
from dailypapers.settings import Settings

app = typer.Typer(
    name="dailypapers",
    help="Run and operate a dailypapers site. Settings come from DAILYPAPERS_* environment variables or .env.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(help="Inspect the settings.", no_args_is_help=True)
# Each group is its feature's noun, singular, as the modules name it; the names of earlier releases still work,
# hidden, so operators' crontabs and scripts keep running.
GROUPS = (
    (config_app, "config", None),
    (user_app, "user", None),
    (curation_app, "curation", "curate"),
    (claim_app, "claim", "claims"),
    (digest_app, "digest", "digests"),
    (subscription_app, "subscription", "subscriptions"),
    (job_app, "job", "jobs"),
    (code_app, "code", None),
    (upstream_app, "upstream", None),
)
for group, name, former in GROUPS:
    app.add_typer(group, name=name)
    if former is not None:
        app.add_typer(group, name=former, hidden=True)


@app.callback()
def start(
    ctx: typer.Context, verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug details.")
) -> None:
    settings = Settings()
    configure_logging(
        level=logging.DEBUG if verbose else getattr(logging, settings.log_level.upper()),
        log_format=settings.log_format,
    )
    services = ctx.obj = Services(settings)
    ctx.call_on_close(services.close)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


@config_app.command("show")
def config_show(ctx: typer.Context) -> None:
    """Print every setting as NAME=value, secrets masked."""
    services: Services = ctx.obj
    for name, value in services.settings.masked().items():
        shown = json.dumps(value) if isinstance(value, list) else value
        typer.echo(f"DAILYPAPERS_{name.upper()}={shown}")


app.command("migrate")(data_commands.migrate)
app.command("import")(data_commands.import_files)
app.command("harvest")(harvest_commands.harvest)
app.command("backup")(backup_commands.backup)
app.command("export")(backup_commands.export)
app.command("search")(search_commands.search)
app.command("index")(search_commands.index)
app.command("serve")(site_commands.serve)
app.command("demo")(site_commands.demo)
app.command("trending")(trending_commands.show_trending)
app.command("worker")(job_commands.worker)


def main() -> None:
    app()
