"""`dailypapers worker`: one long-running process that runs each recurring job when it is due.

Any number of workers may run (on one machine or several): each job runs under a database lease, and each
scheduled slot once. Jobs run one after another in the worker's thread; a stop request ends the loop between jobs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from dailypapers.jobs.recurring import RecurringJob
from dailypapers.services.container import Services
from dailypapers.services.jobs import JobResult, is_job_due, run_job_exclusively
from dailypapers.services.leases import make_holder_name

log = logging.getLogger(__name__)
POLL_SECONDS = 30.0


def run_worker(
    services: Services,
    jobs: Sequence[RecurringJob],
    *,
    stop: threading.Event,
    holder: str | None = None,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    """Run due jobs until `stop` is set, checking every `poll_seconds`."""
    holder = holder or make_holder_name()
    listed = ", ".join(f"{job.name} ({job.schedule.describe()})" for job in jobs)
    log.info("worker %s started; jobs: %s", holder, listed)
    while not stop.is_set():
        run_due_jobs(services, jobs, holder=holder, stop=stop)
        stop.wait(poll_seconds)
    log.info("worker %s stopped", holder)


def run_due_jobs(
    services: Services, jobs: Sequence[RecurringJob], *, holder: str, stop: threading.Event | None = None
) -> list[JobResult]:
    """One pass: run each job whose latest slot is not done yet, unless another worker is on it."""
    results = []
    for job in jobs:
        if stop is not None and stop.is_set():
            break
        now = services.clock()
        slot = job.schedule.latest_slot(now)
        if not is_job_due(services.db, name=job.name, slot=slot, now=now):
            continue
        result = run_job_now(services, job, holder=holder, slot=slot)
        if result is not None:
            results.append(result)
    return results


def run_job_now(
    services: Services, job: RecurringJob, *, holder: str | None = None, slot: datetime | None = None
) -> JobResult | None:
    """Run one job (for `slot`, or off schedule when None) under its lease; None when another holder has it."""
    return run_job_exclusively(
        services.db,
        name=job.name,
        work=lambda: job.run(services),
        holder=holder or make_holder_name(),
        ttl=timedelta(seconds=services.settings.job_lease_seconds),
        slot=slot,
        clock=services.clock,
    )
