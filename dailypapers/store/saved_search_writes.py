"""Saving and deleting a member's searches."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, delete, insert

from dailypapers.db.schema import saved_searches
from dailypapers.domain.follows import SavedSearch
from dailypapers.store.saved_searches import saved_search_from_row


def insert_saved_search(
    connection: Connection, *, user_id: int, name: str, query: str, params: Mapping[str, str], now: datetime
) -> SavedSearch:
    statement = (
        insert(saved_searches)
        .values(
            user_id=user_id, name=name, query=query, params=json.dumps(dict(params), sort_keys=True), created_at=now
        )
        .returning(*saved_searches.c)
    )
    return saved_search_from_row(connection.execute(statement).one())


def delete_saved_search(connection: Connection, *, saved_search_id: int, user_id: int) -> bool:
    """Delete one of the member's saved searches; False when they have no such search."""
    statement = delete(saved_searches).where(
        saved_searches.c.id == saved_search_id, saved_searches.c.user_id == user_id
    )
    return connection.execute(statement).rowcount > 0
