"""Reading saved searches: a member's list, and one by id (its owner checked by the service)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Row, select

from dailypapers.db.schema import saved_searches
from dailypapers.domain.follows import SavedSearch


def list_saved_searches(connection: Connection, *, user_id: int) -> list[SavedSearch]:
    query = select(saved_searches).where(saved_searches.c.user_id == user_id).order_by(saved_searches.c.id.desc())
    return [saved_search_from_row(row) for row in connection.execute(query)]


def get_saved_search(connection: Connection, *, saved_search_id: int) -> SavedSearch | None:
    row = connection.execute(select(saved_searches).where(saved_searches.c.id == saved_search_id)).first()
    return None if row is None else saved_search_from_row(row)


def saved_search_from_row(row: Row[Any]) -> SavedSearch:
    params = json.loads(row.params)
    return SavedSearch(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        query=row.query,
        params={str(name): str(value) for name, value in params.items()} if isinstance(params, dict) else {},
        created_at=row.created_at,
    )
