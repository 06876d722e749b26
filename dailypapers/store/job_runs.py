"""What the worker remembers about each recurring job: the slot its last completed run was for, and outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import job_runs


@dataclass(frozen=True, slots=True)
class JobRun:
    name: str
    last_slot_at: datetime | None
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_outcome: str | None
    last_summary: str | None
    failure_count: int
    retry_at: datetime | None
    run_count: int
    failed_run_count: int


def get_job_run(connection: Connection, *, name: str) -> JobRun | None:
    row = connection.execute(select(job_runs).where(job_runs.c.name == name)).first()
    return None if row is None else JobRun(*row)


def list_job_runs(connection: Connection) -> dict[str, JobRun]:
    return {row.name: JobRun(*row) for row in connection.execute(select(job_runs))}


def record_job_start(connection: Connection, *, name: str, now: datetime) -> None:
    connection.execute(insert_ignoring_conflicts(connection, job_runs).values(name=name))
    connection.execute(update(job_runs).where(job_runs.c.name == name).values(last_started_at=now))


def record_job_end(
    connection: Connection,
    *,
    name: str,
    now: datetime,
    outcome: str,
    summary: str,
    slot: datetime | None,
    retry_at: datetime | None,
) -> None:
    """Record how a run ended; a completed scheduled run moves `last_slot_at` to the slot it ran for."""
    values: dict[str, object] = {
        "last_finished_at": now,
        "last_outcome": outcome,
        "last_summary": summary,
        "retry_at": retry_at,
        "run_count": job_runs.c.run_count + 1,
    }
    if outcome == "ok":
        values["failure_count"] = 0
        if slot is not None:
            values["last_slot_at"] = slot
    else:
        values["failure_count"] = job_runs.c.failure_count + 1
        values["failed_run_count"] = job_runs.c.failed_run_count + 1
    connection.execute(insert_ignoring_conflicts(connection, job_runs).values(name=name))
    connection.execute(update(job_runs).where(job_runs.c.name == name).values(**values))
