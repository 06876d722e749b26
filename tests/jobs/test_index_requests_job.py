"""The worker's index-requests job fetches queued papers even where readers' page views may not ask arXiv."""

from typing import Any

from dailypapers.db.engine import Database
from dailypapers.jobs.recurring import find_job, recurring_jobs
from dailypapers.services.container import Services
from dailypapers.services.index_requests import request_index
from dailypapers.services.papers import get_paper
from dailypapers.settings import Settings
from tests.factories import NOW, FakeClock
from tests.fakes.arxiv_server import FakeArxiv


def test_the_job_indexes_queued_papers_with_lookups_off(
    db: Database, settings: Settings, clock: FakeClock, fake_arxiv: FakeArxiv, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    configured = settings.model_copy(
        update={"arxiv_lookups": False, "arxiv_api_url": fake_arxiv.base_url, "arxiv_min_interval": 0.0}
    )
    arxiv_id = next(iter(arxiv_rows))
    request_index(db, arxiv_id=arxiv_id, user=None, now=NOW)
    job = find_job(recurring_jobs(configured), "index-requests")
    assert job is not None and job.schedule.describe() == "every 5 minutes"
    services = Services(configured, db=db, clock=clock)
    try:
        assert services.arxiv is None  # page views do not look papers up here
        assert job.run(services) == "1 indexed, 0 not on arXiv, 0 failed"
        assert job.run(services) == "0 indexed, 0 not on arXiv, 0 failed"
    finally:
        services.close()
    assert get_paper(db, arxiv_id=arxiv_id) is not None
