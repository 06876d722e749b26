"""Every recurring job, in one table: name, schedule, what it runs. `dailypapers worker` runs them when due,
`dailypapers job run NAME` runs one now, `dailypapers job list` shows them. Each is a thin wrapper over a service
taking the process's Services and returning a one-line summary for the log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dailypapers.domain.schedules import DailyAt, Every, Schedule
from dailypapers.jobs.code_stars import refresh_code_stars
from dailypapers.jobs.digests import retry_digests, send_todays_digests
from dailypapers.jobs.harvest import harvest_new_papers
from dailypapers.jobs.index_requests import index_requested
from dailypapers.jobs.search_index import index_new_papers
from dailypapers.jobs.upstream import pull_upstream_days
from dailypapers.services.container import Services
from dailypapers.settings import Settings


@dataclass(frozen=True, slots=True)
class RecurringJob:
    name: str
    schedule: Schedule
    run: Callable[[Services], str]
    description: str


def recurring_jobs(settings: Settings) -> tuple[RecurringJob, ...]:
    # Listed before the index, so a worker's pass embeds what the harvest just added.
    harvest = (
        RecurringJob(
            "harvest",
            DailyAt(hour=settings.harvest_hour, zone=settings.zone),
            harvest_new_papers,
            "Add the papers arXiv announced or changed since the last run, through OAI-PMH (as `dailypapers harvest`).",
        ),
    )
    return (harvest if settings.harvest else ()) + (
        RecurringJob(
            "digests",
            DailyAt(hour=settings.digest_hour, zone=settings.zone),
            send_todays_digests,
            "Create the day's email digests (daily ones on weekdays, weekly ones on Mondays) and send them.",
        ),
        RecurringJob(
            "digest-retries",
            Every(minutes=10),
            retry_digests,
            "Send digests waiting after a temporary failure, or left by a run that stopped.",
        ),
        RecurringJob(
            "index",
            Every(minutes=settings.index_interval_minutes),
            index_new_papers,
            "Embed papers added or changed since the last run and update the vector index (as `dailypapers index`).",
        ),
        RecurringJob(
            "index-requests",
            Every(minutes=5),
            index_requested,
            'Fetch from arXiv the papers members asked to index (the "Index it" button, POST /api/papers/index).',
        ),
        RecurringJob(
            "code-refresh",
            Every(minutes=60 * settings.code_refresh_hours),
            refresh_code_stars,
            "Ask GitHub for the stars of every linked repository (as `dailypapers code refresh`).",
        ),
        RecurringJob(
            "upstream",
            Every(minutes=settings.upstream_pull_minutes),
            pull_upstream_days,
            "Pull the followed upstream's lists (DAILYPAPERS_UPSTREAM_URL) since the last complete pull, as "
            "`dailypapers upstream pull`.",
        ),
    )


def find_job(jobs: tuple[RecurringJob, ...], name: str) -> RecurringJob | None:
    return next((job for job in jobs if job.name == name), None)
