"""Refreshing the stars of papers' GitHub repositories (`dailypapers code refresh`, the worker's `code-refresh`
job), and reading a repository's recent gains for the paper page.

Requests go one at a time, outside any transaction; each answer is written in its own short one, so a run that
stops (a spent rate limit, a stop request) keeps what it learnt and the next run starts with the longest unchecked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.domain.code_stars import MONTH_DAYS, StarsGained, github_full_name, github_link, stars_gained
from dailypapers.domain.paper_links import LinkField
from dailypapers.sources.github_api import (
    GithubClient,
    GithubError,
    GithubRateLimited,
    RepoAnswer,
    RepoFound,
    RepoGone,
)
from dailypapers.store import code_repo_writes, paper_link_writes
from dailypapers.store import code_repos as code_repos_store

log = logging.getLogger(__name__)
LONGEST_WAIT_IN_RUN = 60.0  # a longer pause ends the run; the next one resumes where it stopped
MAX_FAILURES_IN_A_ROW = 5  # GitHub unreachable: stop asking, rather than time out on every repository


@dataclass(slots=True)
class StarsReport:
    checked: int = 0
    changed: int = 0  # repositories whose count GitHub sent in full (a 200)
    unchanged: int = 0  # 304s, which cost no rate limit
    moved: int = 0
    gone: int = 0
    failed: int = 0
    papers_updated: int = 0
    stopped: str | None = None  # why the run ended before its list did

    def summary(self) -> str:
        said = (
            f"{self.checked:,} repositories checked: {self.changed:,} counted, {self.unchanged:,} unchanged, "
            f"{self.moved:,} moved, {self.gone:,} gone, {self.failed:,} failed; "
            f"{self.papers_updated:,} papers' stars changed"
        )
        return said + (f"; stopped: {self.stopped}" if self.stopped else "")


def refresh_stars(
    db: Database,
    client: GithubClient,
    *,
    limit: int | None = None,
    checked_before: datetime | None = None,
    clock: Clock = utc_now,
    sleep: Callable[[float], None] = time.sleep,
) -> StarsReport:
    """Ask GitHub about up to `limit` linked repositories (those checked before `checked_before`, when given)."""
    report = StarsReport()
    with db.reading() as connection:
        repos = code_repos_store.list_repos_to_refresh(connection, checked_before=checked_before, limit=limit)
    failures = 0
    for repo in repos:
        full_name = github_full_name(repo.url)
        if full_name is None:
            continue
        budget = client.budget
        if budget is not None and budget.remaining == 0 and budget.reset_at > clock():
            report.stopped = f"GitHub's hourly limit is spent until {budget.reset_at:%Y-%m-%d %H:%M} UTC"
            break
        try:
            answer = _ask(client, full_name, etag=repo.etag, sleep=sleep)
        except GithubRateLimited as error:
            report.stopped = str(error)
            break
        except GithubError as error:
            log.warning("stars of %s: %s", repo.url, error)
            report.failed += 1
            failures += 1
            if failures >= MAX_FAILURES_IN_A_ROW:
                report.stopped = f"{failures} failures in a row, the last: {error}"
                break
            continue
        failures = 0
        report.checked += 1
        _record(db, repo.url, repo.stars, answer, report, now=clock())
    return report


def get_stars_gained(db: Database, *, url: str | None, now: datetime) -> StarsGained | None:
    """What the paper's repository gained in the last 7 and 30 days; None without a GitHub link. Asked for every
    paper, with a link or not, so a paper page costs the same statements whatever the paper."""
    today = now.date()
    with db.reading() as connection:
        history = code_repos_store.get_star_history(connection, url=url or "", since=today - timedelta(days=MONTH_DAYS))
    if not url or github_full_name(url) is None:
        return None
    return stars_gained(history, today=today)


def _ask(client: GithubClient, full_name: str, *, etag: str | None, sleep: Callable[[float], None]) -> RepoAnswer:
    """One repository; a short pause GitHub asks for is waited out once, a longer one ends the run."""
    try:
        return client.get_repository(full_name, etag=etag)
    except GithubRateLimited as error:
        if error.primary or error.wait > LONGEST_WAIT_IN_RUN:
            raise
        log.info("GitHub asks to wait %.0f s", error.wait)
        sleep(error.wait)
        return client.get_repository(full_name, etag=etag)


def _record(
    db: Database, url: str, known: int | None, answer: RepoAnswer, report: StarsReport, *, now: datetime
) -> None:
    day = now.date()
    with db.transaction() as connection:
        if isinstance(answer, RepoGone):
            code_repo_writes.record_repo_gone(connection, url=url, now=now)
            report.gone += 1
            return
        if not isinstance(answer, RepoFound):
            code_repo_writes.record_repo_unchanged(connection, url=url, stars=known, day=day, now=now)
            report.unchanged += 1
            return
        report.changed += 1
        current = github_link(answer.full_name)
        if current.lower() != url.lower():
            # Renamed or transferred: the papers follow it, each change logged like a person's.
            code_repo_writes.record_repo_moved(connection, url=url, moved_to=current, now=now)
            for paper_id in code_repos_store.list_papers_linking(connection, url=url):
                paper_link_writes.set_paper_links(
                    connection,
                    paper_id=paper_id,
                    values={LinkField.GITHUB_REPO: current},
                    actor_id=None,
                    reason=f"moved on GitHub from {url}",
                    now=now,
                    mark_edited=False,
                )
            report.moved += 1
            url = current
        report.papers_updated += code_repo_writes.record_repo_stars(
            connection, url=url, stars=answer.stars, etag=answer.etag, day=day, now=now
        )
