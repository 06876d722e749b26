"""How far behind arXiv the harvested papers are: the hook `/metrics` reads for `dailypapers_harvest_lag_seconds`.

Until the OAI-PMH harvester records what it last harvested there is nothing to measure, and the metric is absent
(an absent series, rather than a zero that would read as "up to date").
"""

from __future__ import annotations

from datetime import datetime

from dailypapers.db.engine import Database


def get_harvest_lag_seconds(db: Database, *, now: datetime) -> float | None:
    """Seconds between `now` and the datestamp of the newest record harvested, or None when nothing is harvested."""
    return None
