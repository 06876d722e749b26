"""What routes receive through FastAPI's dependency injection: the database, the semantic index, the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from dailypapers.db.engine import Database
from dailypapers.search.semantic import SemanticIndex
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


DatabaseDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SemanticDep = Annotated[SemanticIndex, Depends(get_semantic)]
