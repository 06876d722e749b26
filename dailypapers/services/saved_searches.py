"""Saved searches: a search with its mode and filters, kept by a member to rerun (and read as a feed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from dailypapers.db.engine import Database
from dailypapers.domain.follows import (
    MAX_SAVED_NAME_LENGTH,
    MAX_SAVED_QUERY_LENGTH,
    SavedSearch,
    clean_search_params,
)
from dailypapers.domain.text import remove_control_characters
from dailypapers.services.errors import InvalidInput, NotFound
from dailypapers.store import saved_search_writes
from dailypapers.store import saved_searches as saved_searches_store

MAX_SAVED_SEARCHES = 200  # a member's; past it, deleting one makes room


def save_search(
    db: Database, *, user_id: int, query: str, params: Mapping[str, str], name: str = "", now: datetime
) -> SavedSearch:
    """Keep the search; its name defaults to the query. InvalidInput for an empty or overlong query or name."""
    query = remove_control_characters(query).strip()
    name = " ".join(remove_control_characters(name).split()) or " ".join(query.split())[:MAX_SAVED_NAME_LENGTH]
    if not query:
        raise InvalidInput({"q": "Search for something first: a saved search needs words to search for."})
    if len(query) > MAX_SAVED_QUERY_LENGTH:
        raise InvalidInput({"q": f"A saved search holds at most {MAX_SAVED_QUERY_LENGTH} characters of query."})
    if len(name) > MAX_SAVED_NAME_LENGTH:
        raise InvalidInput({"name": f"Name it in at most {MAX_SAVED_NAME_LENGTH} characters."})
    with db.transaction() as connection:
        if len(saved_searches_store.list_saved_searches(connection, user_id=user_id)) >= MAX_SAVED_SEARCHES:
            raise InvalidInput({"q": f"You have {MAX_SAVED_SEARCHES} saved searches; delete one to save another."})
        return saved_search_writes.insert_saved_search(
            connection, user_id=user_id, name=name, query=query, params=clean_search_params(params), now=now
        )


def list_saved_searches(db: Database, *, user_id: int) -> list[SavedSearch]:
    with db.reading() as connection:
        return saved_searches_store.list_saved_searches(connection, user_id=user_id)


def require_saved_search(db: Database, *, saved_search_id: int, user_id: int) -> SavedSearch:
    """The member's own saved search; NotFound for another member's as for one that does not exist."""
    with db.reading() as connection:
        found = saved_searches_store.get_saved_search(connection, saved_search_id=saved_search_id)
    if found is None or found.user_id != user_id:
        raise NotFound(f"you have no saved search {saved_search_id}")
    return found


def delete_saved_search(db: Database, *, saved_search_id: int, user_id: int) -> None:
    with db.transaction() as connection:
        if not saved_search_writes.delete_saved_search(connection, saved_search_id=saved_search_id, user_id=user_id):
            raise NotFound(f"you have no saved search {saved_search_id}")
