"""What `/metrics` reports, in Prometheus's text format: the counters and timings each process keeps (requests by
route, search legs' times), summed across a server's worker processes, and the figures read from the database at scrape
time (jobs, digests sent, index lag, harvest lag), which every node and worker shares.

`dailypapers serve` with several workers points PROMETHEUS_MULTIPROC_DIR at an emptied folder under the data
directory before the workers start, so each writes its counters there and any one of them can sum them all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from dailypapers.db.engine import Database
from dailypapers.search.embeddings import count_embedding_candidates
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.harvest_lag import get_harvest_lag_seconds
from dailypapers.store.digests import count_sent_digests
from dailypapers.store.job_runs import list_job_runs

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# Pages answer in milliseconds to a second; searches that embed a query take tens of milliseconds.
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SEARCH_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)

# This process's own metrics; in multi-process mode their values live in files and the registry is not read.
_PROCESS = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "dailypapers_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ("method", "route", "status"),
    registry=_PROCESS,
)
REQUEST_SECONDS = Histogram(
    "dailypapers_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ("method", "route"),
    buckets=REQUEST_BUCKETS,
    registry=_PROCESS,
)
SEARCH_LEG_SECONDS = Histogram(
    "dailypapers_search_leg_duration_seconds",
    "Time each search leg took: keyword (BM25) or semantic (embedding the query and the nearest vectors).",
    ("leg",),
    buckets=SEARCH_BUCKETS,
    registry=_PROCESS,
)


def record_request(*, method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    REQUEST_SECONDS.labels(method, route).observe(seconds)


def record_search_leg(*, leg: str, seconds: float) -> None:
    SEARCH_LEG_SECONDS.labels(leg).observe(seconds)


def render_metrics(db: Database, indexes: SearchIndexes, *, now: datetime) -> bytes:
    """The text exposition: this server's processes' metrics, then what the database says now."""
    directory = os.environ.get(MULTIPROCESS_DIR_VARIABLE)
    if directory:
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes, path=directory)  # type: ignore[no-untyped-call]
    else:
        processes = _PROCESS
    shared = CollectorRegistry(auto_describe=False)
    shared.register(DatabaseCollector(db, indexes, now=now))
    return generate_latest(processes) + generate_latest(shared)


class DatabaseCollector(Collector):
    """Figures every node shares, read at scrape time: the same answer from whichever node is asked."""

    def __init__(self, db: Database, indexes: SearchIndexes, *, now: datetime) -> None:
        self.db = db
        self.indexes = indexes
        self.now = now

    def collect(self) -> Iterator[Metric]:
        runs_total = CounterMetricFamily(
            "dailypapers_job_runs", "Runs of each recurring job, by any worker.", labels=["job"]
        )
        failed_total = CounterMetricFamily(
            "dailypapers_job_failures", "Failed runs of each recurring job, by any worker.", labels=["job"]
        )
        failures = GaugeMetricFamily(
            "dailypapers_job_consecutive_failures",
            "Failed runs of each recurring job since its last success (any worker's).",
            labels=["job"],
        )
        finished = GaugeMetricFamily(
            "dailypapers_job_last_finished_timestamp_seconds",
            "When each recurring job's last run ended (any worker's), as a Unix time.",
            labels=["job", "outcome"],
        )
        model = self.indexes.model
        try:
            with self.db.reading() as connection:
                runs = list_job_runs(connection)
                sent = count_sent_digests(connection)
                waiting = count_embedding_candidates(connection, model_id=model.model_id) if model.available else None
        except SQLAlchemyError:
            # The process's own metrics still go out; the database's figures are absent, and this says why.
            yield GaugeMetricFamily("dailypapers_database_up", "Whether the database answered this scrape.", value=0)
            return
        yield GaugeMetricFamily("dailypapers_database_up", "Whether the database answered this scrape.", value=1)
        for name, run in sorted(runs.items()):
            runs_total.add_metric([name], run.run_count)
            failed_total.add_metric([name], run.failed_run_count)
            failures.add_metric([name], run.failure_count)
            if run.last_finished_at is not None:
                finished.add_metric([name, run.last_outcome or ""], run.last_finished_at.timestamp())
        yield from (runs_total, failed_total, failures, finished)
        yield CounterMetricFamily("dailypapers_digests_sent", "Digest emails sent, ever.", value=sent)
        if waiting is not None:
            yield GaugeMetricFamily(
                "dailypapers_index_lag_papers",
                "Papers added or changed since they were embedded: what the next `dailypapers index` will embed.",
                value=waiting,
            )
        yield from _optional_gauge(
            "dailypapers_harvest_lag_seconds",
            "How far the newest harvested arXiv record is behind now; absent until harvesting runs.",
            lambda: get_harvest_lag_seconds(self.db, now=self.now),
        )


def _optional_gauge(name: str, documentation: str, read: Callable[[], float | None]) -> Iterator[Metric]:
    value = read()
    if value is not None:
        yield GaugeMetricFamily(name, documentation, value=value)
