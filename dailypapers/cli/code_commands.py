"""`dailypapers code ...`: refresh the stars of code links from GitHub, and set a paper's links by hand."""

from __future__ import annotations

from typing import Annotated

import typer

from dailypapers.cli.schema import require_current_schema
from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.paper_links import LinkField
from dailypapers.services import paper_links as paper_links_service
from dailypapers.services.code_stars import refresh_stars
from dailypapers.services.container import Services
from dailypapers.services.errors import InvalidInput, NotFound

code_app = typer.Typer(help="Code links: refresh their GitHub stars, set them by hand.", no_args_is_help=True)


@code_app.command("refresh")
def refresh(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option(min=1, help="Ask about at most this many repositories.")] = None,
) -> None:
    """Ask GitHub for the stars of linked repositories, the longest unchecked first (as the worker's code-refresh
    job does). Unchanged ones cost no rate limit; a spent limit ends the run, and the next resumes."""
    services: Services = ctx.obj
    require_current_schema(services)
    report = refresh_stars(services.db, services.github, limit=limit, clock=services.clock)
    typer.echo(report.summary())
    raise typer.Exit(1 if report.failed and not report.checked else 0)


@code_app.command("set")
def set_links(
    ctx: typer.Context,
    arxiv_id: Annotated[str, typer.Argument(help="The paper's arXiv id.")],
    repo: Annotated[str | None, typer.Option("--repo", help="Code link; an empty string removes it.")] = None,
    page: Annotated[str | None, typer.Option("--page", help="Project page; an empty string removes it.")] = None,
) -> None:
    """Set or correct a paper's code link and project page; imports leave them alone afterwards."""
    services: Services = ctx.obj
    require_current_schema(services)
    values = {
        field: value
        for field, value in ((LinkField.GITHUB_REPO, repo), (LinkField.PROJECT_PAGE, page))
        if value is not None
    }
    if not values:
        typer.echo("give --repo, --page or both", err=True)
        raise typer.Exit(2)
    try:
        links = paper_links_service.set_paper_links(
            services.db, arxiv_id=parse_arxiv_id(arxiv_id).id, values=values, user=None, now=services.clock()
        )
    except (InvalidArxivId, NotFound) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    except InvalidInput as error:
        typer.echo("; ".join(f"{field}: {message}" for field, message in error.errors.items()), err=True)
        raise typer.Exit(2) from None
    paper = links.paper
    typer.echo(f"{paper.arxiv_id}: code {paper.github_repo or '-'}, project page {paper.project_page or '-'}")
