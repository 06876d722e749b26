"""Writing what the stars refresh learnt about a repository: its ETag and stars, the day's count in its history,
the stars on the papers that link to it, and when it was found gone."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, select, update

from dailypapers.db.dialect import insert_for_dialect
from dailypapers.db.schema import code_repo_stars, code_repos, papers
from dailypapers.store.trending_writes import refresh_trending_bases


def record_repo_stars(
    connection: Connection, *, url: str, stars: int, etag: str | None, day: date, now: datetime
) -> int:
    """Store the count (the repository's, the day's, the papers'); returns how many papers' stars changed."""
    _upsert_repo(connection, url=url, values={"stars": stars, "etag": etag, "checked_at": now, "gone_at": None})
    insert = insert_for_dialect(connection, code_repo_stars).values(url=url, day=day, stars=stars)
    connection.execute(insert.on_conflict_do_update(index_elements=["url", "day"], set_={"stars": stars}))
    changed = [
        paper_id
        for paper_id in connection.execute(
            select(papers.c.id).where(
                papers.c.github_repo == url,
                (papers.c.github_stars.is_(None)) | (papers.c.github_stars != stars),
            )
        ).scalars()
    ]
    if changed:
        connection.execute(update(papers).where(papers.c.id.in_(changed)).values(github_stars=stars, updated_at=now))
        refresh_trending_bases(connection, paper_ids=changed)  # stars are part of a paper's trending score
    return len(changed)


def record_repo_unchanged(connection: Connection, *, url: str, stars: int | None, day: date, now: datetime) -> None:
    """A 304: only the time of the check moves, and the day's count repeats the last one."""
    _upsert_repo(connection, url=url, values={"checked_at": now})
    if stars is not None:
        insert = insert_for_dialect(connection, code_repo_stars).values(url=url, day=day, stars=stars)
        connection.execute(insert.on_conflict_do_nothing())


def record_repo_gone(connection: Connection, *, url: str, now: datetime) -> None:
    _upsert_repo(connection, url=url, values={"checked_at": now, "gone_at": now})


def record_repo_moved(connection: Connection, *, url: str, moved_to: str, now: datetime) -> None:
    _upsert_repo(connection, url=url, values={"checked_at": now, "moved_to": moved_to})


def _upsert_repo(connection: Connection, *, url: str, values: dict[str, object]) -> None:
    insert = insert_for_dialect(connection, code_repos).values(url=url, **values)
    connection.execute(insert.on_conflict_do_update(index_elements=["url"], set_=values))
