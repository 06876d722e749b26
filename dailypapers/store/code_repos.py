"""Reading GitHub repositories that papers link to: which to refresh next, and a repository's star history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, func, select

from dailypapers.db.schema import code_repo_stars, code_repos, papers
from dailypapers.domain.code_stars import GITHUB_PREFIX


@dataclass(frozen=True, slots=True)
class RepoToRefresh:
    url: str
    etag: str | None
    stars: int | None


def list_repos_to_refresh(
    connection: Connection, *, checked_before: datetime | None, limit: int | None
) -> list[RepoToRefresh]:
    """GitHub links of papers, never checked first, then the longest unchecked; not those GitHub said are gone."""
    linked = select(papers.c.github_repo.label("url")).where(papers.c.github_repo.startswith(GITHUB_PREFIX)).distinct()
    linked_sub = linked.subquery()
    query = (
        select(linked_sub.c.url, code_repos.c.etag, code_repos.c.stars)
        .outerjoin(code_repos, code_repos.c.url == linked_sub.c.url)
        .where(code_repos.c.gone_at.is_(None))
        .order_by(code_repos.c.checked_at.is_not(None), code_repos.c.checked_at, linked_sub.c.url)
    )
    if checked_before is not None:
        query = query.where((code_repos.c.checked_at.is_(None)) | (code_repos.c.checked_at < checked_before))
    if limit is not None:
        query = query.limit(limit)
    return [RepoToRefresh(row.url, row.etag, row.stars) for row in connection.execute(query)]


def get_star_history(connection: Connection, *, url: str, since: date) -> dict[date, int]:
    """Day -> stars, from `since` on, plus the last count before it (what a gain since then is measured from)."""
    last_before = (
        select(func.max(code_repo_stars.c.day))
        .where(code_repo_stars.c.url == url, code_repo_stars.c.day < since)
        .scalar_subquery()
    )
    query = select(code_repo_stars.c.day, code_repo_stars.c.stars).where(
        code_repo_stars.c.url == url, (code_repo_stars.c.day >= since) | (code_repo_stars.c.day == last_before)
    )
    return {row.day: row.stars for row in connection.execute(query)}


def list_papers_linking(connection: Connection, *, url: str) -> list[int]:
    return list(connection.execute(select(papers.c.id).where(papers.c.github_repo == url)).scalars())
