"""Whether what the public pages show has changed: the number a web node compares with the one its cached
pages were made at. Any node's write changes it, in the writing transaction."""

from __future__ import annotations

from dailypapers.db.engine import Database
from dailypapers.store.page_changes import get_pages_version


def read_pages_version(db: Database) -> int | None:
    with db.reading() as connection:
        return get_pages_version(connection)
