"""Following an upstream, read: the days pulled, and what the upstream says of a paper beyond arXiv. Writes are
in store/upstream_writes.py."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Connection, func, select

from dailypapers.db.schema import upstream_days, upstream_papers
from dailypapers.domain.upstream import UpstreamExtras


def get_latest_pulled_day(connection: Connection) -> date | None:
    latest: date | None = connection.execute(select(func.max(upstream_days.c.day))).scalar_one()
    return latest


def get_upstream_extras(connection: Connection, *, paper_id: int) -> UpstreamExtras | None:
    row = connection.execute(select(upstream_papers).where(upstream_papers.c.paper_id == paper_id)).first()
    if row is None:
        return None
    return UpstreamExtras(
        ai_summary=row.ai_summary,
        ai_keywords=tuple(json.loads(row.ai_keywords)) if row.ai_keywords else (),
        thumbnail_url=row.thumbnail_url,
        media_urls=tuple(json.loads(row.media_urls)) if row.media_urls else (),
    )
