"""The curation log: one row per curator action on a daily list, kept after the entry itself is gone."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, func, insert, select

from dailypapers.db.schema import curation_events, papers, users
from dailypapers.domain.curation import CurationAction, CurationEvent
from dailypapers.domain.users import MemberRef


def insert_curation_event(
    connection: Connection,
    *,
    day: date,
    paper_id: int,
    actor_id: int | None,
    action: CurationAction,
    reason: str | None = None,
    detail: str | None = None,
    now: datetime,
) -> None:
    connection.execute(
        insert(curation_events).values(
            day=day,
            paper_id=paper_id,
            actor_id=actor_id,
            action=action.value,
            reason=reason,
            detail=detail,
            created_at=now,
        )
    )


def list_curation_events(connection: Connection, *, day: date) -> list[CurationEvent]:
    """What curators did to the day's list, oldest first."""
    query = (
        select(
            curation_events,
            papers.c.arxiv_id,
            papers.c.title,
            users.c.username,
            users.c.display_name,
        )
        .join(papers, papers.c.id == curation_events.c.paper_id)
        .outerjoin(users, users.c.id == curation_events.c.actor_id)
        .where(curation_events.c.day == day)
        .order_by(curation_events.c.created_at, curation_events.c.id)
    )
    return [
        CurationEvent(
            id=row.id,
            day=row.day,
            arxiv_id=row.arxiv_id,
            title=row.title,
            actor=MemberRef(row.actor_id, row.username, row.display_name) if row.username is not None else None,
            action=CurationAction(row.action),
            reason=row.reason,
            detail=row.detail,
            created_at=row.created_at,
        )
        for row in connection.execute(query)
    ]


def list_removed_paper_ids(connection: Connection, *, day: date) -> set[int]:
    """The papers a curator took off `day`'s list and did not put back: their last event that day is a removal."""
    last = (
        select(func.max(curation_events.c.id)).where(curation_events.c.day == day).group_by(curation_events.c.paper_id)
    )
    query = select(curation_events.c.paper_id).where(
        curation_events.c.id.in_(last), curation_events.c.action == CurationAction.REMOVE.value
    )
    return set(connection.execute(query).scalars())
