"""Reading the log of changes to papers' code links and project pages."""

from __future__ import annotations

from sqlalchemy import Connection, select

from dailypapers.db.schema import paper_link_changes, users
from dailypapers.domain.paper_links import LinkChange, LinkField
from dailypapers.domain.users import MemberRef


def list_link_changes(connection: Connection, *, paper_id: int) -> list[LinkChange]:
    """Newest first."""
    query = (
        select(paper_link_changes, users.c.username, users.c.display_name)
        .outerjoin(users, users.c.id == paper_link_changes.c.actor_id)
        .where(paper_link_changes.c.paper_id == paper_id)
        .order_by(paper_link_changes.c.created_at.desc(), paper_link_changes.c.id.desc())
    )
    return [
        LinkChange(
            field=LinkField(row.field),
            old_value=row.old_value,
            new_value=row.new_value,
            actor=MemberRef(row.actor_id, row.username, row.display_name) if row.username is not None else None,
            reason=row.reason,
            created_at=row.created_at,
        )
        for row in connection.execute(query)
    ]
