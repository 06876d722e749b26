"""Writing the harvest's progress: each page's position in the same transaction as its papers, and the day a set is
complete through once its list ends."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Connection, delete, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import harvest_states, papers


def start_harvest_run(
    connection: Connection, *, set_spec: str, run_from: date | None, run_until: date | None, now: datetime
) -> None:
    """Begin a list from its first page, forgetting any token of an earlier list."""
    connection.execute(insert_ignoring_conflicts(connection, harvest_states).values(set_spec=set_spec, updated_at=now))
    connection.execute(
        update(harvest_states)
        .where(harvest_states.c.set_spec == set_spec)
        .values(
            run_from=run_from,
            run_until=run_until,
            run_started_at=None,
            resumption_token=None,
            records_done=0,
            complete_list_size=None,
            updated_at=now,
        )
    )


def record_harvest_page(
    connection: Connection,
    *,
    set_spec: str,
    run_started_at: datetime,
    resumption_token: str | None,
    records_done: int,
    complete_list_size: int | None,
    now: datetime,
) -> None:
    connection.execute(
        update(harvest_states)
        .where(harvest_states.c.set_spec == set_spec)
        .values(
            run_started_at=run_started_at,
            resumption_token=resumption_token,
            records_done=records_done,
            complete_list_size=complete_list_size,
            updated_at=now,
        )
    )


def finish_harvest_run(connection: Connection, *, set_spec: str, harvested_through: date, now: datetime) -> None:
    connection.execute(
        update(harvest_states)
        .where(harvest_states.c.set_spec == set_spec)
        .values(
            harvested_through=harvested_through,
            run_from=None,
            run_until=None,
            run_started_at=None,
            resumption_token=None,
            updated_at=now,
        )
    )


def delete_papers(connection: Connection, *, arxiv_ids: Sequence[str]) -> int:
    """Remove papers arXiv no longer holds; their lists, votes and comments go with them (ON DELETE CASCADE)."""
    if not arxiv_ids:
        return 0
    result = connection.execute(delete(papers).where(papers.c.arxiv_id.in_(list(arxiv_ids))))
    return int(result.rowcount or 0)
