"""The app factory: one FastAPI app serving the pages and the API over one database."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from dailypapers import __version__
from dailypapers.db.engine import Database, create_db_engine
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.email.senders import Sender
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services import search as search_service
from dailypapers.services.mail import Mailer, create_settings_sender
from dailypapers.services.subscription_links import SubscriptionLinks
from dailypapers.settings import Settings
from dailypapers.sources.arxiv_api import ArxivApiClient
from dailypapers.sources.retries import RetryPolicy
from dailypapers.web.api import authors as authors_api
from dailypapers.web.api import claims as claims_api
from dailypapers.web.api import comments as comments_api
from dailypapers.web.api import curation as curation_api
from dailypapers.web.api import daily_papers as daily_papers_api
from dailypapers.web.api import papers as papers_api
from dailypapers.web.api import search as search_api
from dailypapers.web.api import similar as similar_api
from dailypapers.web.api import submissions as submissions_api
from dailypapers.web.api import subscriptions as subscriptions_api
from dailypapers.web.api import users as users_api
from dailypapers.web.api import votes as votes_api
from dailypapers.web.auth import get_current_user
from dailypapers.web.csrf import protect_from_csrf
from dailypapers.web.pages import account_settings as account_settings_pages
from dailypapers.web.pages import accounts as accounts_pages
from dailypapers.web.pages import admin_claims as admin_claims_pages
from dailypapers.web.pages import admin_outbox as admin_outbox_pages
from dailypapers.web.pages import authors as author_pages
from dailypapers.web.pages import claims as claim_pages
from dailypapers.web.pages import comments as comment_pages
from dailypapers.web.pages import curation as curation_pages
from dailypapers.web.pages import daily as daily_pages
from dailypapers.web.pages import papers as paper_pages
from dailypapers.web.pages import passwords as password_pages
from dailypapers.web.pages import search as search_pages
from dailypapers.web.pages import submissions as submission_pages
from dailypapers.web.pages import subscription_settings as subscription_settings_pages
from dailypapers.web.pages import subscriptions as subscription_pages
from dailypapers.web.pages import trending as trending_pages
from dailypapers.web.pages import users as user_pages
from dailypapers.web.pages import votes as vote_pages
from dailypapers.web.problems import install_problem_handlers
from dailypapers.web.proxies import TrustedProxyMiddleware
from dailypapers.web.templating import STATIC, create_templates

API_DESCRIPTION = """
Read endpoints under `/api/` answer like Hugging Face's (`/api/daily_papers`, `/api/papers/search`,
`/api/papers/{id}`), with the same field names, so existing clients work against this instance. Endpoints under
`/api/v1/` that write take an API token (`Authorization: Bearer dp_…`, made in account settings); a browser's
session cookie works too, with the page's CSRF token in an `X-CSRF-Token` header. Its reads (similar papers,
related work) need no token. Errors are problem details (RFC 9457).
"""


def create_app(
    settings: Settings,
    *,
    db: Database | None = None,
    sender: Sender | None = None,
    clock: Clock = utc_now,
    search: SearchIndexes | None = None,
) -> FastAPI:
    settings.check_secure()
    database = db or Database(create_db_engine(settings.database_url))
    indexes = search or search_service.open_search_indexes(settings, serving=True)
    arxiv = create_arxiv_client(settings) if settings.arxiv_lookups else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if db is None:
            # Off the event loop: the worker answers (keyword search included) while the model and index load.
            threading.Thread(target=indexes.warm_up, args=(database,), daemon=True).start()
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
        # Every route: CSRF checked on unsafe methods, then the user resolved (once) from cookie or token.
        dependencies=[Depends(protect_from_csrf), Depends(get_current_user)],
    )
    app.state.settings = settings
    app.state.db = database
    app.state.search = indexes
    app.state.arxiv = arxiv
    app.state.clock = clock
    app.state.mailer = Mailer(
        sender=sender or create_settings_sender(settings), site_name=settings.site_name, base_url=settings.base_url
    )
    app.state.subscription_links = SubscriptionLinks.from_settings(settings)
    app.state.templates = create_templates(site_name=settings.site_name)
    install_problem_handlers(app)
    app.add_middleware(TrustedProxyMiddleware, proxy_count=settings.trusted_proxy_count)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (
        daily_papers_api.router,
        users_api.router,
        submissions_api.router,
        curation_api.router,
        claims_api.router,
        authors_api.router,
        daily_pages.router,
        accounts_pages.router,
        password_pages.router,
        account_settings_pages.router,
        user_pages.router,
        search_api.router,
        similar_api.router,
        search_pages.router,
        trending_pages.router,
        votes_api.router,
        comments_api.router,
        vote_pages.router,
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
