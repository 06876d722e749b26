"""The app factory: one FastAPI app serving the pages and the API over one database."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from dailypapers import __version__
from dailypapers.db.engine import Database, create_db_engine
from dailypapers.search.semantic import SemanticIndex
from dailypapers.services import search as search_service
from dailypapers.settings import Settings
from dailypapers.sources.arxiv_api import ArxivApiClient
from dailypapers.sources.retries import RetryPolicy
from dailypapers.web.api import daily_papers as daily_papers_api
from dailypapers.web.api import papers as papers_api
from dailypapers.web.api import search as search_api
from dailypapers.web.api import similar as similar_api
from dailypapers.web.pages import daily as daily_pages
from dailypapers.web.pages import papers as paper_pages
from dailypapers.web.pages import search as search_pages
from dailypapers.web.problems import install_problem_handlers
from dailypapers.web.templating import STATIC, create_templates

API_DESCRIPTION = """
Read endpoints under `/api/` answer like Hugging Face's (`/api/daily_papers`, `/api/papers/search`,
`/api/papers/{id}`), with the same field names, so existing clients work against this instance. `/api/v1/` holds
the rest; its read endpoints (similar papers, related work) need no token. Errors are problem details (RFC 9457).
"""


def create_app(settings: Settings, *, db: Database | None = None, semantic: SemanticIndex | None = None) -> FastAPI:
    settings.check_secure()
    database = db or Database(create_db_engine(settings.database_url))
    semantic_index = semantic or search_service.open_semantic_index(settings)
    arxiv = create_arxiv_client(settings) if settings.arxiv_lookups else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if db is None:
            # Off the event loop: the worker answers (keyword search included) while the model and index load.
            threading.Thread(target=search_service.warm_up_search, args=(database, semantic_index), daemon=True).start()
        yield
        if arxiv is not None:
            arxiv.close()
        if db is None:
            database.dispose()

    app = FastAPI(
        title=settings.site_name,
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = database
    app.state.semantic = semantic_index
    app.state.arxiv = arxiv
    app.state.templates = create_templates(site_name=settings.site_name)
    install_problem_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (
        daily_papers_api.router,
        daily_pages.router,
        search_api.router,
        similar_api.router,
        search_pages.router,
    ):
        app.include_router(router)
    # Last: their {arxiv_id:path} routes would otherwise swallow the more specific /papers/... and /api/papers/...
    app.include_router(papers_api.router)
    app.include_router(paper_pages.router)
    return app


def create_arxiv_client(settings: Settings) -> ArxivApiClient:
    # A reader is waiting on the page: fail fast rather than wait out long backoffs.
    return ArxivApiClient(
        settings.arxiv_api_url,
        site_url=settings.base_url,
        min_interval=settings.arxiv_min_interval,
        read_timeout=settings.arxiv_timeout,
        retry=RetryPolicy(max_attempts=2, max_retry_after=10.0),
    )


def create_app_from_environment() -> FastAPI:
    """For `uvicorn --factory` and multi-worker serving: settings from the environment, read at start."""
    return create_app(Settings())
