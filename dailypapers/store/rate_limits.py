"""Rate-limit counters: one row per (action, key) holding its current fixed window, counted in one upsert."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, case, delete

from dailypapers.db.dialect import insert_for_dialect
from dailypapers.db.schema import rate_limits


def count_hit(connection: Connection, *, action: str, key: str, window_start: datetime, expires_at: datetime) -> int:
    """Count a hit in the window starting at `window_start`; returns the window's hits including this one.

    One statement: concurrent workers each see their own increment, never a lost update.
    """
    insert = insert_for_dialect(connection, rate_limits).values(
        action=action, key=key, window_start=window_start, hit_count=1, expires_at=expires_at
    )
    same_window = rate_limits.c.window_start == insert.excluded.window_start
    statement = insert.on_conflict_do_update(
        index_elements=[rate_limits.c.action, rate_limits.c.key],
        set_={
            "hit_count": case((same_window, rate_limits.c.hit_count + 1), else_=1),
            "window_start": insert.excluded.window_start,
            "expires_at": insert.excluded.expires_at,
        },
    ).returning(rate_limits.c.hit_count)
    hits: int = connection.execute(statement).scalar_one()
    return hits


def delete_expired_rate_limits(connection: Connection, *, now: datetime) -> int:
    return connection.execute(delete(rate_limits).where(rate_limits.c.expires_at <= now)).rowcount
