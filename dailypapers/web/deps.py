"""What routes receive through FastAPI's dependency injection: the database, the settings, the arXiv client,
the semantic index."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from dailypapers.db.engine import Database
from dailypapers.search.semantic import SemanticIndex
from dailypapers.services.paper_lookup import PaperFetcher
from dailypapers.settings import Settings


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_semantic(request: Request) -> SemanticIndex:
    semantic: SemanticIndex = request.app.state.semantic
    return semantic


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_arxiv(request: Request) -> PaperFetcher | None:
    """The arXiv client, or None when this instance does not look papers up."""
    fetcher: PaperFetcher | None = request.app.state.arxiv
    return fetcher


DatabaseDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SemanticDep = Annotated[SemanticIndex, Depends(get_semantic)]
ArxivDep = Annotated["PaperFetcher | None", Depends(get_arxiv)]
