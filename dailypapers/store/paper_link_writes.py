"""Writing a paper's code link and project page as a person set them, with one log row per field changed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from dailypapers.db.schema import code_repos, paper_link_changes, papers
from dailypapers.domain.paper_links import LinkField
from dailypapers.store.trending_writes import refresh_trending_bases


def set_paper_links(
    connection: Connection,
    *,
    paper_id: int,
    values: Mapping[LinkField, str | None],
    actor_id: int | None,
    reason: str | None = None,
    now: datetime,
    mark_edited: bool = True,
) -> int:
    """Set the given links, log each that changes, and return how many did. A new code link takes the stars the
    refresh knows for it (none until it has looked). `mark_edited` keeps imports from overwriting them after."""
    row = connection.execute(
        select(papers.c.github_repo, papers.c.project_page).where(papers.c.id == paper_id).with_for_update()
    ).one()
    before = {LinkField.GITHUB_REPO: row.github_repo, LinkField.PROJECT_PAGE: row.project_page}
    changed = {name: value for name, value in values.items() if before[name] != value}
    if not changed:
        return 0
    updates: dict[str, object] = {name.value: value for name, value in changed.items()}
    updates["updated_at"] = now
    if mark_edited:
        updates["links_edited_at"] = now
    if LinkField.GITHUB_REPO in changed:
        repo = changed[LinkField.GITHUB_REPO]
        known = connection.execute(select(code_repos.c.stars).where(code_repos.c.url == repo)).scalar()
        updates["github_stars"] = known if repo else None
    connection.execute(update(papers).where(papers.c.id == paper_id).values(updates))
    connection.execute(
        insert(paper_link_changes),
        [
            {
                "paper_id": paper_id,
                "actor_id": actor_id,
                "field": name.value,
                "old_value": before[name],
                "new_value": value,
                "reason": reason,
                "created_at": now,
            }
            for name, value in changed.items()
        ],
    )
    if LinkField.GITHUB_REPO in changed:
        refresh_trending_bases(connection, paper_ids=[paper_id])  # stars are part of a paper's trending score
    return len(changed)
