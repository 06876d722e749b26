"""The daily harvest job: off unless asked for; one worker pass harvests, and the index job after it embeds what came;
a run arXiv stops is recorded as failed, to be tried again and resumed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from dailypapers.db.engine import Database
from dailypapers.domain.schedules import DailyAt
from dailypapers.domain.search import SearchRequest
from dailypapers.email.senders import MemorySender
from dailypapers.jobs.recurring import recurring_jobs
from dailypapers.jobs.worker import run_due_jobs
from dailypapers.services.container import Services
from dailypapers.services.search import search_papers
from dailypapers.settings import Settings
from tests.factories import FakeClock
from tests.fakes.oai_pages import OaiRecord
from tests.fakes.oai_server import FakeOai


def harvesting(settings: Settings, server: FakeOai) -> Settings:
    return settings.model_copy(
        update={"harvest": True, "arxiv_oai_url": server.url, "arxiv_min_interval": 0.0, "harvest_hour": 3}
    )


def announced_yesterday(records: list[OaiRecord], clock: FakeClock, count: int) -> list[OaiRecord]:
    return [replace(record, datestamp=clock().date() - timedelta(days=1)) for record in records[:count]]


def test_the_harvest_job_is_listed_only_when_turned_on(settings: Settings) -> None:
    assert "harvest" not in [job.name for job in recurring_jobs(settings)]
    on = settings.model_copy(update={"harvest": True, "harvest_hour": 2})
    names = [job.name for job in recurring_jobs(on)]
    assert names.index("harvest") < names.index("index")
    assert next(job for job in recurring_jobs(on) if job.name == "harvest").schedule == DailyAt(hour=2, zone=on.zone)


def test_one_worker_pass_harvests_and_the_index_job_embeds_the_new_papers(
    db: Database, settings: Settings, clock: FakeClock, oai_records: list[OaiRecord]
) -> None:
    clock.now = clock.now.replace(hour=5)  # after the harvest hour
    with FakeOai(announced_yesterday(oai_records, clock, 12)) as server:
        services = Services(harvesting(settings, server), db=db, sender=MemorySender(), clock=clock)

        results = {
            result.name: result for result in run_due_jobs(services, recurring_jobs(services.settings), holder="w")
        }

    harvest, index = results["harvest"], results["index"]
    assert harvest.outcome == "ok" and harvest.summary.startswith("12 records in 1 page: 12 new papers"), harvest
    assert index.outcome == "ok" and "12 papers embedded" in index.summary, index
    paper = oai_records[3].row
    assert paper is not None
    by_meaning = search_papers(db, services.search, SearchRequest(text=paper["abstract"][:300], mode="semantic"))
    assert by_meaning.hits[0].paper.arxiv_id == paper["id"]
    title_words = " ".join(paper["title"].split()[:6])
    by_keyword = search_papers(db, services.search, SearchRequest(text=title_words, mode="keyword"))
    assert paper["id"] in [hit.paper.arxiv_id for hit in by_keyword.hits]


def test_a_harvest_arxiv_stops_is_recorded_failed_and_resumed_later(
    db: Database, settings: Settings, clock: FakeClock, oai_records: list[OaiRecord]
) -> None:
    clock.now = clock.now.replace(hour=5)
    with FakeOai(announced_yesterday(oai_records, clock, 30), page_size=10) as server:
        services = Services(harvesting(settings, server), db=db, sender=MemorySender(), clock=clock)
        jobs = [job for job in recurring_jobs(services.settings) if job.name == "harvest"]
        server.answer_slowly(0.0)
        server.fail(503, retry_after="86400")

        [stopped] = run_due_jobs(services, jobs, holder="w")
        assert stopped.outcome == "failed" and "10 records in 1 page" in stopped.summary
        assert "asking to wait 86400 s" in stopped.summary
        clock.advance(minutes=6)
        [resumed] = run_due_jobs(services, jobs, holder="w")

    assert resumed.outcome == "ok" and resumed.summary.startswith("20 records in 2 pages: 20 new papers"), resumed


def test_a_paper_arxiv_deleted_leaves_both_searches(
    db: Database, settings: Settings, clock: FakeClock, oai_records: list[OaiRecord]
) -> None:
    clock.now = clock.now.replace(hour=5)
    records = announced_yesterday(oai_records, clock, 12)
    gone = records[3]
    assert gone.row is not None
    with FakeOai(records) as server:
        server.response_date = clock()  # arXiv's clock, which dates the next run's start
        services = Services(harvesting(settings, server), db=db, sender=MemorySender(), clock=clock)
        run_due_jobs(services, recurring_jobs(services.settings), holder="w")
        server.records = [OaiRecord(arxiv_id=gone.arxiv_id, datestamp=clock().date(), row=None)]
        clock.advance(days=1)
        server.response_date = clock()

        results = {
            result.name: result for result in run_due_jobs(services, recurring_jobs(services.settings), holder="w")
        }

    assert "1 deleted" in results["harvest"].summary, results["harvest"]
    for mode in ("semantic", "keyword", "hybrid"):
        hits = search_papers(db, services.search, SearchRequest(text=gone.row["abstract"][:300], mode=mode)).hits
        assert hits and gone.arxiv_id not in [hit.paper.arxiv_id for hit in hits], mode
