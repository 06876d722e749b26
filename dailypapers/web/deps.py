"""What routes receive through dependency injection: the database, settings, time, mailer, arXiv client, search
indexes and the signer of subscription links, each read from the app's one `Services`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from dailypapers.db.engine import Database
from dailypapers.domain.submissions import SubmissionRules
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.container import Services
from dailypapers.services.email_links import EmailLinks
from dailypapers.services.mail import Mailer
from dailypapers.services.paper_lookup import PaperFetcher, ReaderLookups
from dailypapers.settings import Settings
from dailypapers.web.state import get_web_state

T = TypeVar("T")


def get_services(request: Request) -> Services:
    return get_web_state(request).services


def get_db(request: Request) -> Database:
    return get_services(request).db


def get_search(request: Request) -> SearchIndexes:
    return get_services(request).search


def get_settings(request: Request) -> Settings:
    return get_services(request).settings


def get_reader_lookups(request: Request) -> ReaderLookups | None:
    """Lookups with a reader's budget, or None when this instance does not look papers up."""
    return get_services(request).reader_lookups


def get_arxiv(request: Request) -> PaperFetcher | None:
    """The arXiv client, or None when this instance does not look papers up."""
    return get_services(request).arxiv


def get_now(request: Request) -> datetime:
    """The request's time, read once, so every step of a request agrees (and tests can set the clock)."""
    now: datetime | None = getattr(request.state, "now", None)
    if now is None:
        now = request.state.now = get_services(request).clock()
    return now


def get_mailer(request: Request) -> Mailer:
    return get_services(request).mailer


def get_submission_rules(request: Request) -> SubmissionRules:
    """The instance's rules for members' submissions, from its settings."""
    settings = get_settings(request)
    return SubmissionRules(
        max_age_days=settings.submission_max_age_days,
        daily_cap=settings.submission_daily_cap,
        weekends=settings.submission_weekends,
        timezone=settings.zone,
    )


def get_email_links(request: Request) -> EmailLinks:
    return get_services(request).email_links


def on_the_loop(read: Callable[[Request], T]) -> Callable[[Request], Awaitable[T]]:
    """`read`, which only reads what the process holds, as a dependency run on the event loop: FastAPI runs a plain
    `def` dependency in its thread pool, and under load each such hop (a thread woken, the result handed back to
    the loop) cost more than the attribute read it carried, several times per request (docs/decisions.md)."""

    async def dependency(request: Request) -> T:
        return read(request)

    return dependency


ServicesDep = Annotated[Services, Depends(on_the_loop(get_services))]
DatabaseDep = Annotated[Database, Depends(on_the_loop(get_db))]
SettingsDep = Annotated[Settings, Depends(on_the_loop(get_settings))]
SearchDep = Annotated[SearchIndexes, Depends(on_the_loop(get_search))]
ArxivDep = Annotated["PaperFetcher | None", Depends(on_the_loop(get_arxiv))]
ReaderLookupsDep = Annotated["ReaderLookups | None", Depends(on_the_loop(get_reader_lookups))]
NowDep = Annotated[datetime, Depends(on_the_loop(get_now))]
MailerDep = Annotated[Mailer, Depends(on_the_loop(get_mailer))]
SubmissionRulesDep = Annotated[SubmissionRules, Depends(on_the_loop(get_submission_rules))]
LinksDep = Annotated[EmailLinks, Depends(on_the_loop(get_email_links))]
