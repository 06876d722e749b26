"""`dailypapers search` and `dailypapers index`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from dailypapers.domain.hf_json import search_item_json
from dailypapers.domain.match_quality import POOR_MATCH_NOTICE, describe_estimate
from dailypapers.domain.search import MAX_LIMIT, SearchMode, SearchRequest
from dailypapers.search.embedding_model import ModelUnavailable
from dailypapers.search.keyword_mirror import KeywordIndexBusy, MirrorProgress, MirrorReport
from dailypapers.services import database as database_service
from dailypapers.services.container import Services
from dailypapers.services.embedding_files import export_embeddings
from dailypapers.services.indexing import (
    IndexProgress,
    IndexReport,
    index_after_import,
    index_papers,
    update_keyword_index,
)
from dailypapers.services.search import search_papers

err = Console(stderr=True, highlight=False)


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for.")],
    mode: Annotated[SearchMode, typer.Option(help="hybrid, keyword or semantic.")] = "hybrid",
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="How many results.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's items as JSON.")] = False,
    focus: Annotated[
        str,
        typer.Option(help="The part of a long query that matters most (its method, its result), read beside it."),
    ] = "",
) -> None:
    """Search every indexed paper, as /api/papers/search does (with --focus, as POST /api/v1/similar)."""
    services: Services = ctx.obj
    results = search_papers(services.db, services.search, SearchRequest(query, mode=mode, limit=limit, focus=focus))
    if results.notice:
        err.print(results.notice, style="yellow", markup=False)
    match = results.match
    if match is not None and match.suggestion:
        err.print(f"did you mean: {match.suggestion}", style="yellow", markup=False)
    if match is not None and match.poor and results.hits:
        err.print(POOR_MATCH_NOTICE, style="yellow", markup=False)
    if as_json:
        typer.echo(json.dumps([search_item_json(hit) for hit in results.hits], indent=2, ensure_ascii=False))
        return
    for rank, hit in enumerate(results.hits, start=1):
        paper = hit.paper
        day = paper.published_at.date().isoformat() if paper.published_at else "—"
        typer.echo(f"{rank:>3}. {paper.title}")
        typer.echo(f"     {paper.arxiv_id} · {day} · ▲ {paper.upvote_count} · score {hit.score:.3f}")
    if not results.hits:
        typer.echo("no papers match")
    if match is not None:
        typer.echo(describe_estimate(match.estimate))


def index(
    ctx: typer.Context,
    export: Annotated[
        Path | None, typer.Option(help="Then write every stored embedding to this file (as data/demo ships).")
    ] = None,
) -> None:
    """Bring the keyword index on disk up to date, embed new and changed papers and update the vector index."""
    services: Services = ctx.obj
    database_service.migrate_database(services.db)
    run_keyword_index(services)
    try:
        run_index(services)
    except ModelUnavailable as error:
        typer.echo(f"cannot embed: {error}", err=True)
        raise typer.Exit(2) from None
    if export is not None:
        count = export_embeddings(services.db, services.search.model, path=export)
        typer.echo(f"wrote {count:,} embeddings of {services.search.model.model_id} to {export}")


def run_keyword_index(services: Services) -> MirrorReport | None:
    """Update the on-disk keyword index with a progress bar; a busy index is said and left to its writer."""
    with Progress(
        TextColumn("keyword index"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("keyword", total=None)

        def on_progress(update: MirrorProgress) -> None:
            progress.update(task, total=update.total, completed=update.done)

        try:
            report = update_keyword_index(services.db, services.search.keyword, on_progress=on_progress)
        except KeywordIndexBusy as error:
            typer.echo(f"keyword index: {error}; the database answers meanwhile", err=True)
            return None
    if report is not None:
        typer.echo(keyword_summary(report))
    return report


def keyword_summary(report: MirrorReport) -> str:
    what = "built" if report.rebuilt else "updated"
    return (
        f"keyword index {what}: {report.applied:,} papers written, {report.count:,} held ({report.seconds:.1f} s)"
        if report.applied
        else f"keyword index current: {report.count:,} papers"
    )


def run_index(services: Services) -> IndexReport:
    """Index with a progress bar and an ETA, then a one-line summary."""
    with Progress(
        TextColumn("embedding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>6.1f} papers/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
    ) as progress:
        task = progress.add_task("embedding", total=None, rate=0.0)

        def on_progress(update: IndexProgress) -> None:
            elapsed = progress.tasks[task].elapsed or 1e-9
            progress.update(task, total=update.total, completed=update.examined, rate=update.embedded / elapsed)

        report = index_papers(services.db, services.search, on_progress=on_progress)
    typer.echo(
        f"examined {report.examined:,} papers: {report.embedded:,} embedded, {report.unchanged:,} unchanged; "
        f"{report.vectors:,} vectors of {services.search.model.model_id}, searched by {report.index}; "
        f"{report.similar_lists:,} similar-paper lists worked out ({report.seconds:.1f} s)"
    )
    return report


def index_imported(services: Services) -> None:
    """After an import: embed at once when the import was small, else say what is left to do."""
    try:
        outcome = index_after_import(services.db, services.search, limit=services.settings.embed_on_import_limit)
    except KeywordIndexBusy as error:
        typer.echo(f"keyword index: {error}; run `dailypapers index` when it is done", err=True)
        return
    if outcome.keyword is not None and outcome.keyword.applied:
        typer.echo(keyword_summary(outcome.keyword))
    if outcome.report is not None:
        report = outcome.report
        typer.echo(f"embedded {report.embedded:,} new or changed papers ({report.seconds:.1f} s)")
    elif outcome.pending:
        typer.echo(f"{outcome.reason}: run `dailypapers index` (keyword search has them already)")
    elif outcome.reason:
        typer.echo(outcome.reason, err=True)
