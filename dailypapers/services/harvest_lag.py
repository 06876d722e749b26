"""How far behind arXiv the harvested papers are: what `/metrics` reads for `dailypapers_harvest_lag_seconds`.

The lag is measured from the day the most behind set is harvested through (its start, UTC) to now. Before the first
harvest there is nothing to measure and the metric is absent (an absent series, rather than a zero that would read
as "up to date").
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from dailypapers.db.engine import Database
from dailypapers.store.harvests import list_harvest_states


def get_harvest_lag_seconds(db: Database, *, now: datetime) -> float | None:
    """Seconds from the start of the day the most behind set is harvested through, or None when nothing is."""
    with db.reading() as connection:
        days = [state.harvested_through for state in list_harvest_states(connection) if state.harvested_through]
    if not days:
        return None
    return max(0.0, (now - datetime.combine(min(days), time(), tzinfo=UTC)).total_seconds())
