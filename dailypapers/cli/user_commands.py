"""`dailypapers user ...`: create accounts, set roles, list them, and print API tokens. Never prompts unless asked.

A password comes only through `--password-stdin` (typed, unechoed, on a terminal; read from the pipe otherwise);
without one the person gets an emailed link to choose their own.
"""

from __future__ import annotations

import getpass
import sys
from datetime import timedelta
from typing import Annotated, NoReturn

import typer

from dailypapers.domain.clock import utc_now
from dailypapers.domain.users import Role
from dailypapers.services import api_tokens as api_tokens_service
from dailypapers.services import database as database_service
from dailypapers.services import users as users_service
from dailypapers.services.container import Services
from dailypapers.services.errors import InvalidInput, NotFound
from dailypapers.services.passwords import describe_lifetime
from dailypapers.services.reattach import reattach_user

user_app = typer.Typer(help="Manage accounts: create, set-role, list, token.", no_args_is_help=True)

RoleOption = Annotated[Role, typer.Option("--role", help="admin, curator or member.", case_sensitive=False)]


@user_app.callback()
def prepare(ctx: typer.Context) -> None:
    # Creating the first admin is often the first command on a new instance: bring the schema up first.
    services: Services = ctx.obj
    database_service.migrate_database(services.db)


@user_app.command("create")
def create_user(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The person's email address.")],
    username: Annotated[str | None, typer.Option("--username", help="Default: made from the email address.")] = None,
    role: RoleOption = Role.MEMBER,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input (one line).")
    ] = False,
) -> None:
    """Create an account. Without --password-stdin, email the person a link to choose a password."""
    services: Services = ctx.obj
    password = read_password() if password_stdin else None
    invite_lifetime = timedelta(days=services.settings.account_invite_days)
    try:
        user = users_service.create_user(
            services.db,
            services.mailer,
            email=email,
            username=username,
            role=role,
            password=password,
            now=utc_now(),
            invite_lifetime=invite_lifetime,
        )
    except InvalidInput as error:
        _fail(*error.errors.values())
    typer.echo(f"created the account {user.username} ({user.email}), role {user.role.value}")
    if password is None:
        typer.echo(
            f"emailed {user.email} a link to choose a password, valid for {describe_lifetime(invite_lifetime)} "
            f"(email backend: {services.settings.email_backend})"
        )


@user_app.command("reattach")
def reattach(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The account's username, as on its pages.")],
    email: Annotated[str, typer.Argument(help="Its owner's email address.")],
) -> None:
    """Give an account imported without its address (an export without --include-private) back to its owner:
    set the address and email them a link to choose a password."""
    services: Services = ctx.obj
    invite_lifetime = timedelta(days=services.settings.account_invite_days)
    try:
        user = reattach_user(
            services.db, services.mailer, username=username, email=email, now=utc_now(), invite_lifetime=invite_lifetime
        )
    except (InvalidInput, NotFound) as error:
        _fail(*(error.errors.values() if isinstance(error, InvalidInput) else [str(error)]))
    typer.echo(
        f"{user.username} is {user.email} again; emailed a link to choose a password, valid for "
        f"{describe_lifetime(invite_lifetime)}"
    )


@user_app.command("set-role")
def set_role(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The account's email address.")],
    role: Annotated[Role, typer.Argument(help="admin, curator or member.", case_sensitive=False)],
) -> None:
    """Change an account's role."""
    services: Services = ctx.obj
    try:
        user = users_service.set_role(services.db, email=email, role=role, now=utc_now())
    except NotFound as error:
        _fail(str(error))
    typer.echo(f"{user.username} ({user.email}) is now {user.role.value}")


@user_app.command("list")
def list_users(ctx: typer.Context) -> None:
    """Print every account: username, email, role, whether a password is set, and when it joined."""
    services: Services = ctx.obj
    users = users_service.list_users(services.db)
    if not users:
        typer.echo("no accounts yet; create one with `dailypapers user create EMAIL --role admin`")
        return
    rows = [("USERNAME", "EMAIL", "ROLE", "PASSWORD", "JOINED")]
    rows += [
        (
            user.username,
            user.email,
            user.role.value,
            "yes" if user.has_password else "no",
            f"{user.created_at:%Y-%m-%d}",
        )
        for user in users
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


@user_app.command("token")
def create_token(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The account's email address.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "command line",
) -> None:
    """Make an API token for an account and print it: this is the only time it is shown."""
    services: Services = ctx.obj
    try:
        user = users_service.require_user_by_email(services.db, email=email)
        token, secret = api_tokens_service.create_api_token(services.db, user_id=user.id, name=name, now=utc_now())
    except (NotFound, InvalidInput) as error:
        _fail(str(error))
    # The secret alone on stdout, so that `TOKEN=$(dailypapers user token ...)` works; the rest to stderr.
    typer.echo(f"API token '{token.name}' for {user.username}; it is not shown again:", err=True)
    typer.echo(secret)


def read_password() -> str:
    """The password from a terminal (unechoed) or from a pipe (its first line)."""
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


def _fail(*messages: str) -> NoReturn:
    for message in messages:
        typer.echo(message, err=True)
    raise typer.Exit(1)
