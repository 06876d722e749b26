"""Running recurring jobs safely: one holder at a time per job (a database lease), each scheduled slot once.

A job is due when its last completed run was for an earlier slot of its schedule, and no failed run asked to
wait (`retry_at`). The due check is repeated under the lease, and a run's record is written before the lease
is released, so two workers can never both run the same slot.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.services.leases import LeaseUnavailable, hold_lease, list_leases
from dailypapers.store import job_runs as job_runs_store
from dailypapers.store.job_runs import JobRun

log = logging.getLogger(__name__)
RETRY_AFTER_FAILURE = timedelta(minutes=5)
LEASE_PREFIX = "job:"


@dataclass(frozen=True, slots=True)
class JobResult:
    name: str
    outcome: str  # ok | failed
    summary: str
    seconds: float


@dataclass(frozen=True, slots=True)
class JobState:
    run: JobRun | None
    holder: str | None  # who runs it right now
    held_until: datetime | None


def is_job_due(db: Database, *, name: str, slot: datetime, now: datetime) -> bool:
    with db.reading() as connection:
        run = job_runs_store.get_job_run(connection, name=name)
    return _due(run, slot=slot, now=now)


def run_job_exclusively(
    db: Database,
    *,
    name: str,
    work: Callable[[], str],
    holder: str,
    ttl: timedelta,
    slot: datetime | None,
    clock: Clock = utc_now,
) -> JobResult | None:
    """Run `work` (which returns a summary) holding the job's lease. With a slot, only if that slot is still due.
    None when another holder runs the job now, or the slot was done meanwhile."""
    try:
        with hold_lease(db, name=LEASE_PREFIX + name, holder=holder, ttl=ttl, clock=clock):
            if slot is not None and not is_job_due(db, name=name, slot=slot, now=clock()):
                return None
            return _run(db, name=name, work=work, slot=slot, clock=clock)
    except LeaseUnavailable as busy:
        log.info("job %s: not started, %s", name, busy)
        return None


def list_job_states(db: Database, *, names: list[str], now: datetime) -> dict[str, JobState]:
    with db.reading() as connection:
        runs = job_runs_store.list_job_runs(connection)
    leases = {lease.name: lease for lease in list_leases(db)}
    states = {}
    for name in names:
        lease = leases.get(LEASE_PREFIX + name)
        live = lease is not None and lease.holder is not None and lease.expires_at > now
        states[name] = JobState(
            runs.get(name), lease.holder if live and lease else None, lease.expires_at if live and lease else None
        )
    return states


def _run(db: Database, *, name: str, work: Callable[[], str], slot: datetime | None, clock: Clock) -> JobResult:
    with db.transaction() as connection:
        job_runs_store.record_job_start(connection, name=name, now=clock())
    log.info("job %s: started%s", name, f" for {slot:%Y-%m-%d %H:%M} UTC" if slot else "")
    started = time.monotonic()
    retry_at = None
    try:
        summary, outcome = work(), "ok"
    except Exception as error:  # a failed job is recorded and retried; the worker goes on with the others
        log.exception("job %s: failed", name)
        summary, outcome = f"{type(error).__name__}: {error}", "failed"
        retry_at = clock() + RETRY_AFTER_FAILURE
    seconds = time.monotonic() - started
    with db.transaction() as connection:
        job_runs_store.record_job_end(
            connection, name=name, now=clock(), outcome=outcome, summary=summary, slot=slot, retry_at=retry_at
        )
    if outcome == "ok":
        log.info("job %s: done in %.1f s: %s", name, seconds, summary)
    return JobResult(name, outcome, summary, seconds)


def _due(run: JobRun | None, *, slot: datetime, now: datetime) -> bool:
    if run is None:
        return True
    if run.retry_at is not None and run.retry_at > now:
        return False
    return run.last_slot_at is None or run.last_slot_at < slot
