"""Reading the pages change counter: triggers add one in every transaction that writes what public pages show."""

from __future__ import annotations

from sqlalchemy import Connection, select

from dailypapers.db.schema import search_counters

PAGES_COUNTER = "pages"
_QUERY = select(search_counters.c.value).where(search_counters.c.name == PAGES_COUNTER)


def get_pages_version(connection: Connection) -> int | None:
    """The counter, or None on a database without it (page caching is then off)."""
    value: int | None = connection.execute(_QUERY).scalar()
    return value
