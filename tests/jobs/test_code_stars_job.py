"""The worker's code-refresh job: on its schedule, through the settings' GitHub API, resuming rather than repeating."""

from collections.abc import Callable, Iterator

import pytest

from dailypapers.db.engine import Database
from dailypapers.jobs.recurring import find_job, recurring_jobs
from dailypapers.jobs.worker import run_due_jobs
from dailypapers.services.container import Services
from dailypapers.services.papers import require_paper
from dailypapers.settings import Settings
from tests.factories import FakeClock
from tests.fakes.github_server import FakeGithub


@pytest.fixture
def github() -> Iterator[FakeGithub]:
    with FakeGithub() as fake:
        yield fake


def test_the_job_refreshes_stars_every_period_and_not_between(
    db: Database, settings: Settings, clock: FakeClock, github: FakeGithub, make_paper: Callable[..., str]
) -> None:
    repo = github.add("org/model", stars=10)
    arxiv_id = make_paper(github_repo="https://github.com/org/model")
    configured = settings.model_copy(update={"github_api_url": github.base_url, "code_refresh_hours": 12})
    job = find_job(recurring_jobs(configured), "code-refresh")
    assert job is not None and job.schedule.describe() == "every 720 minutes"
    services = Services(configured, db=db, clock=clock)
    try:
        (result,) = run_due_jobs(services, [job], holder="w1")
        assert result.outcome == "ok" and "1 repositories checked: 1 counted" in result.summary
        assert require_paper(db, arxiv_id=arxiv_id).github_stars == 10
        repo.stars = 25
        clock.advance(hours=1)
        assert run_due_jobs(services, [job], holder="w1") == []  # not due within the period
        clock.advance(hours=12)
        (later,) = run_due_jobs(services, [job], holder="w1")
        assert "1 counted" in later.summary and require_paper(db, arxiv_id=arxiv_id).github_stars == 25
        assert len(github.requests) == 2
    finally:
        services.close()


def test_a_run_soon_after_another_leaves_fresh_repositories_alone(
    db: Database, settings: Settings, clock: FakeClock, github: FakeGithub, make_paper: Callable[..., str]
) -> None:
    github.add("org/model", stars=10)
    make_paper(github_repo="https://github.com/org/model")
    configured = settings.model_copy(update={"github_api_url": github.base_url})
    job = find_job(recurring_jobs(configured), "code-refresh")
    assert job is not None
    services = Services(configured, db=db, clock=clock)
    try:
        assert "1 repositories checked" in job.run(services)
        clock.advance(hours=11)
        assert "0 repositories checked" in job.run(services)  # checked within half of the 24 hours
        clock.advance(hours=2)
        assert "1 repositories checked" in job.run(services)
    finally:
        services.close()
