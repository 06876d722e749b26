"""Reading where the arXiv harvest of each set stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, select

from dailypapers.db.schema import harvest_states


@dataclass(frozen=True, slots=True)
class HarvestState:
    set_spec: str
    harvested_through: date | None
    run_from: date | None
    run_until: date | None
    run_started_at: datetime | None
    resumption_token: str | None
    records_done: int
    complete_list_size: int | None
    updated_at: datetime


def get_harvest_state(connection: Connection, *, set_spec: str) -> HarvestState | None:
    row = connection.execute(select(harvest_states).where(harvest_states.c.set_spec == set_spec)).first()
    return None if row is None else HarvestState(**row._mapping)


def list_harvest_states(connection: Connection) -> list[HarvestState]:
    rows = connection.execute(select(harvest_states).order_by(harvest_states.c.set_spec))
    return [HarvestState(**row._mapping) for row in rows]
