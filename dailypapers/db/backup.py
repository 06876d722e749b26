"""A consistent copy of a SQLite database while the site serves, with SQLite's online backup API.

The copy is written beside the target under a temporary name and renamed into place when complete, so an
interrupted backup never leaves a file that looks whole.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

# All pages in one step, under one read transaction: in WAL mode readers never block the site's writers, while a
# copy in several steps starts over each time another connection writes, and might never finish on a busy site.
PAGES_PER_STEP = -1


def backup_sqlite(engine: Engine, target: Path) -> int:
    """Copy the engine's SQLite database to `target` (replaced if it exists); returns the pages copied."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = engine.raw_connection()
    try:
        destination = sqlite3.connect(partial)
        try:
            source.driver_connection.backup(destination, pages=PAGES_PER_STEP)  # type: ignore[union-attr]
            pages = int(destination.execute("PRAGMA page_count").fetchone()[0])
            # The copy keeps the source's WAL mode; fold it back into one self-contained file.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    partial.replace(target)
    return pages
