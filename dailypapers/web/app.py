"""The app factory: one FastAPI app serving the pages and the API over one database."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from dailypapers import __version__
from dailypapers.services.container import Services
from dailypapers.services.logs import configure_logging
from dailypapers.services.page_changes import read_pages_version
from dailypapers.settings import Settings
from dailypapers.web.api import authors as authors_api
from dailypapers.web.api import claims as claims_api
from dailypapers.web.api import collections as collections_api
from dailypapers.web.api import comments as comments_api
from dailypapers.web.api import curation as curation_api
from dailypapers.web.api import daily_papers as daily_papers_api
from dailypapers.web.api import dismissals as dismissals_api
from dailypapers.web.api import follows as follows_api
from dailypapers.web.api import for_you as for_you_api
from dailypapers.web.api import index_requests as index_requests_api
from dailypapers.web.api import paper_links as paper_links_api
from dailypapers.web.api import papers as papers_api
from dailypapers.web.api import saved_searches as saved_searches_api
from dailypapers.web.api import search as search_api
from dailypapers.web.api import similar as similar_api
from dailypapers.web.api import submissions as submissions_api
from dailypapers.web.api import subscriptions as subscriptions_api
from dailypapers.web.api import users as users_api
from dailypapers.web.api import votes as votes_api
from dailypapers.web.auth import current_user
from dailypapers.web.csrf import protect_from_csrf
from dailypapers.web.heap import freeze_loaded_heap
from dailypapers.web.openapi import build_openapi
from dailypapers.web.operations import router as operations_router
from dailypapers.web.page_cache import PageCacheMiddleware
from dailypapers.web.pages import admin_claims as admin_claims_pages
from dailypapers.web.pages import admin_outbox as admin_outbox_pages
from dailypapers.web.pages import api_docs as api_docs_pages
from dailypapers.web.pages import authors as author_pages
from dailypapers.web.pages import categories as category_pages
from dailypapers.web.pages import claims as claim_pages
from dailypapers.web.pages import collections as collection_pages
from dailypapers.web.pages import comments as comment_pages
from dailypapers.web.pages import curation as curation_pages
from dailypapers.web.pages import daily as daily_pages
from dailypapers.web.pages import dismissals as dismissal_pages
from dailypapers.web.pages import feed_tokens as feed_token_pages
from dailypapers.web.pages import feeds as feed_pages
from dailypapers.web.pages import follows as follow_pages
from dailypapers.web.pages import for_you as for_you_pages
from dailypapers.web.pages import missing_papers as missing_paper_pages
from dailypapers.web.pages import paper_links as paper_links_pages
from dailypapers.web.pages import paper_markdown as paper_markdown_pages
from dailypapers.web.pages import papers as paper_pages
from dailypapers.web.pages import passwords as password_pages
from dailypapers.web.pages import saved_searches as saved_search_pages
from dailypapers.web.pages import search as search_pages
from dailypapers.web.pages import sessions as sessions_pages
from dailypapers.web.pages import social_cards as social_card_pages
from dailypapers.web.pages import submissions as submission_pages
from dailypapers.web.pages import subscription_settings as subscription_settings_pages
from dailypapers.web.pages import subscriptions as subscription_pages
from dailypapers.web.pages import trending as trending_pages
from dailypapers.web.pages import user_settings as user_settings_pages
from dailypapers.web.pages import users as user_pages
from dailypapers.web.pages import votes as vote_pages
from dailypapers.web.problems import install_problem_handlers
from dailypapers.web.proxies import TrustedProxyMiddleware
from dailypapers.web.request_log import RequestLogMiddleware
from dailypapers.web.request_text import refuse_lone_surrogates
from dailypapers.web.security_headers import SecurityHeadersMiddleware
from dailypapers.web.state import WebState
from dailypapers.web.static_files import STATIC_PATH, HashedStaticFiles, StaticAssets
from dailypapers.web.templating import STATIC, create_templates

API_DESCRIPTION = """
Read endpoints under `/api/` answer like Hugging Face's (`/api/daily_papers`, `/api/papers/search`,
`/api/papers/{id}`), with the same field names, so existing clients work against this instance. Endpoints under
`/api/v1/` that write take an API token (`Authorization: Bearer dp_…`, made in account settings); a browser's
session cookie works too, with the page's CSRF token in an `X-CSRF-Token` header. Its reads (similar papers,
related work) need no token. Errors are problem details (RFC 9457).
"""


def create_app(settings: Settings, *, services: Services | None = None) -> FastAPI:
    """The app over `services` built from `settings`; tests pass their own (database, sender, clock, search)."""
    settings.check_secure()
    built_here = services is None
    shared = services or Services(settings, serving=True)
    # Built now, not on the first request: a database URL that cannot work stops the app from starting.
    database, indexes = shared.db, shared.search

    def warm_up() -> None:
        indexes.warm_up(database)
        freeze_loaded_heap()  # what the worker keeps is in now: no collection needs to walk it again

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if built_here:
            # Off the event loop: the worker answers (keyword search included) while the model and index load.
            threading.Thread(target=warm_up, daemon=True).start()
        yield
        shared.close()

    app = FastAPI(
        title=settings.site_name,
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by web/pages/api_docs.py from local files
        redoc_url=None,
        # Every route: CSRF checked on unsafe methods, then the user resolved (once) from cookie or token, and a
        # JSON body holding what is not text (a lone surrogate) refused before any route reads it.
        dependencies=[Depends(protect_from_csrf), Depends(current_user), Depends(refuse_lone_surrogates)],
    )
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    assets = StaticAssets(STATIC)
    templates = create_templates(
        site_name=settings.site_name, base_url=settings.base_url, assets=assets, upstream_url=settings.upstream_url
    )
    app.state.web = WebState(services=shared, templates=templates)
    install_problem_handlers(app)
    # Innermost: it answers from its copies before any route runs, and the headers and compression below apply.
    app.add_middleware(
        PageCacheMiddleware,
        settings=settings,
        read_version=partial(read_pages_version, database),
        ttl_seconds=settings.page_cache_seconds,
        check_seconds=settings.page_cache_check_seconds,
    )
    app.add_middleware(TrustedProxyMiddleware, proxy_count=settings.trusted_proxy_count)
    # Outermost: the headers go on every answer, error pages included, and what is compressed is the final body.
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    # Outside everything else: its duration is the whole answer's, compression included.
    app.add_middleware(RequestLogMiddleware)
    # The docs' assets first: a mount at /static would otherwise answer for /static/docs/... too.
    app.mount(api_docs_pages.ASSETS_PATH, StaticFiles(directory=api_docs_pages.ASSETS), name="api-docs-assets")
    app.mount(STATIC_PATH, HashedStaticFiles(assets), name="static")
    for router in (
        operations_router,
        daily_papers_api.router,
        users_api.router,
        submissions_api.router,
        curation_api.router,
        claims_api.router,
        authors_api.router,
        daily_pages.router,
        api_docs_pages.router,
        sessions_pages.router,
        password_pages.router,
        user_settings_pages.router,
        user_pages.router,
        search_api.router,
        similar_api.router,
        search_pages.router,
        trending_pages.router,
        votes_api.router,
        comments_api.router,
        collections_api.router,
        vote_pages.router,
        collection_pages.router,
        comment_pages.router,
        submission_pages.router,
        curation_pages.router,
        claim_pages.router,
        admin_claims_pages.router,
        author_pages.router,
        subscriptions_api.router,
        subscription_pages.router,
        subscription_settings_pages.router,
        admin_outbox_pages.router,
        for_you_api.router,
        for_you_pages.router,
        follows_api.router,
        saved_searches_api.router,
        dismissals_api.router,
        follow_pages.router,
        saved_search_pages.router,
        dismissal_pages.router,
        category_pages.router,
        feed_pages.router,
        feed_token_pages.router,
        paper_links_api.router,
        index_requests_api.router,
        paper_links_pages.router,
        missing_paper_pages.router,
    ):
        app.include_router(router)
    # Last: their {arxiv_id:path} routes would otherwise swallow the more specific /papers/... and /api/papers/...
    app.include_router(papers_api.router)
    app.include_router(paper_markdown_pages.router)
    app.include_router(social_card_pages.router)
    app.include_router(paper_pages.router)
    return app


def create_app_from_environment() -> FastAPI:
    """For `uvicorn --factory` and multi-worker serving: settings from the environment, read at start. A worker
    process sets its own logging up: it does not inherit the parent's."""
    settings = Settings()
    configure_logging(level=getattr(logging, settings.log_level.upper()), log_format=settings.log_format)
    return create_app(settings)
