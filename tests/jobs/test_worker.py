"""The worker: each due job runs once per slot, two workers never run a job at once, failures wait and retry."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import paper_embeddings
from dailypapers.domain.schedules import Every
from dailypapers.domain.subscriptions import Subscription
from dailypapers.email.senders import MemorySender
from dailypapers.jobs.recurring import RecurringJob, find_job, recurring_jobs
from dailypapers.jobs.worker import run_due_jobs, run_job_now, run_worker
from dailypapers.services.container import Services
from dailypapers.services.jobs import list_job_states
from dailypapers.settings import Settings
from dailypapers.sources.upstream_api import UpstreamClient
from tests.factories import FakeClock
from tests.fakes.hf_daily_server import FakeHuggingFace, archive_rows, hf_item


def services_for(db: Database, settings: Settings, clock: Callable[[], datetime], sender: MemorySender) -> Services:
    return Services(settings, db=db, sender=sender, clock=clock)


class CountingJob:
    """A job that records how many copies of it run at once."""

    def __init__(self, seconds: float = 0.0, fail: bool = False) -> None:
        self.seconds, self.fail = seconds, fail
        self.runs = self.running = self.most_at_once = 0
        self.lock = threading.Lock()

    def __call__(self, _services: Services) -> str:
        with self.lock:
            self.runs += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
        if self.fail:
            raise RuntimeError("the index is locked")
        return "did it"


def test_a_due_job_runs_once_per_slot(db: Database, settings: Settings, clock: FakeClock) -> None:
    work = CountingJob()
    job = RecurringJob("tick", Every(minutes=10), work, "counts")
    services = services_for(db, settings, clock, MemorySender())
    assert [result.summary for result in run_due_jobs(services, [job], holder="w1")] == ["did it"]
    assert run_due_jobs(services, [job], holder="w1") == [] and work.runs == 1
    clock.advance(minutes=10)
    run_due_jobs(services, [job], holder="w2")
    assert work.runs == 2
    state = list_job_states(db, names=["tick"], now=clock())["tick"]
    assert state.run is not None and state.run.last_outcome == "ok" and state.run.last_summary == "did it"


def test_a_failed_job_is_recorded_and_tried_again_after_a_wait(
    db: Database, settings: Settings, clock: FakeClock
) -> None:
    work = CountingJob(fail=True)
    job = RecurringJob("flaky", Every(minutes=60), work, "fails")
    services = services_for(db, settings, clock, MemorySender())
    (result,) = run_due_jobs(services, [job], holder="w1")
    assert result.outcome == "failed" and result.summary == "RuntimeError: the index is locked"
    clock.advance(minutes=4)
    assert run_due_jobs(services, [job], holder="w1") == []
    clock.advance(minutes=1)
    work.fail = False
    assert [result.outcome for result in run_due_jobs(services, [job], holder="w1")] == ["ok"]
    assert work.runs == 2


def test_two_workers_at_once_never_both_run_a_job(committed_engine: Engine, settings: Settings) -> None:
    db = Database(committed_engine)
    work = CountingJob(seconds=0.5)
    job = RecurringJob("slow", Every(minutes=60), work, "takes a while")
    services = services_for(db, settings, lambda: datetime.now(UTC), MemorySender())
    start = threading.Barrier(3)

    def worker(name: str) -> None:
        start.wait()
        run_due_jobs(services, [job], holder=name)

    def operator() -> None:  # `dailypapers job run slow` at the same moment
        start.wait()
        run_job_now(services, job, holder="cli")

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in (1, 2)] + [threading.Thread(target=operator)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert work.most_at_once == 1
    assert 1 <= work.runs <= 2  # the slot once; the operator's unscheduled run only if it came after


def test_the_worker_loop_runs_due_jobs_until_stopped(db: Database, settings: Settings, clock: FakeClock) -> None:
    work = CountingJob()
    stop = threading.Event()
    job = RecurringJob("tick", Every(minutes=10), work, "counts")

    def counting_then_stopping(services: Services) -> str:
        stop.set()
        return work(services)

    run_worker(
        services_for(db, settings, clock, MemorySender()),
        [RecurringJob("tick", job.schedule, counting_then_stopping, "")],
        stop=stop,
        poll_seconds=0.01,
    )
    assert work.runs == 1


def test_the_digests_job_sends_the_days_digests(
    db: Database,
    settings: Settings,
    make_paper: Callable[..., str],
    make_subscription: Callable[..., Subscription],
) -> None:
    make_paper(day=date(2025, 6, 11), upvotes=3)
    reader = make_subscription()
    outbox = MemorySender()
    seven_in_paris = datetime(2025, 6, 12, 5, 0, tzinfo=UTC)  # 07:00 in Paris (summer time)
    configured = settings.model_copy(update={"timezone": "Europe/Paris", "digest_hour": 7})
    jobs = recurring_jobs(configured)
    digests_job = find_job(jobs, "digests")
    assert digests_job is not None
    early = services_for(db, configured, lambda: seven_in_paris - timedelta(minutes=1), outbox)
    on_time = services_for(db, configured, lambda: seven_in_paris, outbox)
    run_due_jobs(early, [digests_job], holder="w1")  # yesterday's slot: Wednesday, whose digests cover Tuesday
    outbox.sent.clear()
    results = run_due_jobs(on_time, [digests_job], holder="w1")
    assert [result.outcome for result in results] == ["ok"]
    assert [message.to for message in outbox.sent] == [reader.email], results
    assert "daily:2025-06-12: 1 created" in results[0].summary


@pytest.mark.parametrize("name", ["digests", "digest-retries"])
def test_every_recurring_job_runs_once_from_the_command_line_path(
    db: Database, settings: Settings, clock: FakeClock, name: str
) -> None:
    job = find_job(recurring_jobs(settings), name)
    assert job is not None
    result = run_job_now(services_for(db, settings, clock, MemorySender()), job, holder="cli")
    assert result is not None and result.outcome == "ok", result


def test_the_index_job_embeds_new_papers_once(
    db: Database, settings: Settings, clock: FakeClock, make_paper: Callable[..., str]
) -> None:
    for _ in range(3):
        make_paper()
    job = find_job(recurring_jobs(settings), "index")
    assert job is not None and job.schedule == Every(minutes=settings.index_interval_minutes)
    services = services_for(db, settings, clock, MemorySender())

    first = run_job_now(services, job, holder="cli")
    assert first is not None and first.outcome == "ok", first
    assert first.summary.startswith("keyword index: 3 written, 3 held; 3 papers embedded, 0 unchanged; 3 vectors")
    with db.reading() as connection:
        assert connection.execute(select(func.count()).select_from(paper_embeddings)).scalar_one() == 3

    clock.advance(minutes=15)
    again = run_job_now(services, job, holder="cli")
    assert again is not None, again
    assert again.summary.startswith("keyword index: 0 written, 3 held; 0 papers embedded, 0 unchanged; 3 vectors")


def test_the_index_job_says_so_when_semantic_search_is_off(db: Database, settings: Settings, clock: FakeClock) -> None:
    job = find_job(recurring_jobs(settings), "index")
    assert job is not None
    off = settings.model_copy(update={"semantic_search": False})
    result = run_job_now(services_for(db, off, clock, MemorySender()), job, holder="cli")
    assert result is not None and result.outcome == "ok" and "semantic search is off" in result.summary
    assert result.summary.startswith("keyword index: ")  # the keyword index is kept all the same


def test_the_upstream_job_pulls_the_recent_days_or_says_there_is_no_upstream(
    db: Database, settings: Settings, clock: FakeClock
) -> None:
    job = find_job(recurring_jobs(settings), "upstream")
    assert job is not None and job.schedule == Every(minutes=60)
    assert "nothing to pull" in job.run(Services(settings, db=db, clock=clock))
    rows = archive_rows("2025-06-11")["2025-06-11"][:2]  # the day before the clock's: within the last two
    with FakeHuggingFace({"2025-06-11": [hf_item(row) for row in rows]}) as hf, UpstreamClient(hf.base_url) as client:
        summary = job.run(Services(settings, db=db, clock=clock, upstream=client))
    assert summary.startswith("3 day(s) of 2025-06-10..2025-06-12 pulled: 2 items, 2 entries added")
