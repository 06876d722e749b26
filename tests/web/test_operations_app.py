"""/healthz, /readyz and /metrics, and the one log line per request."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine

from dailypapers.db.engine import Database
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.container import Services
from dailypapers.services.jobs import run_job_exclusively
from dailypapers.services.logs import configure_logging
from dailypapers.settings import Settings
from dailypapers.web.app import create_app
from tests.factories import FakeClock


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_healthz_answers_without_the_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_readyz_reports_database_schema_and_search(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(arxiv_id="2406.00001")
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready" and body["database"] == "ok"
    assert body["schema"]["current"] == body["schema"]["expected"] is not None
    assert set(body["search"]) == {"semantic", "problem", "embedded_count", "waiting_count"}


def test_readyz_is_503_with_a_schema_behind_the_code(settings: Settings, indexes: SearchIndexes) -> None:
    engine = create_engine("sqlite://")  # reachable, never migrated
    services = Services(settings, serving=True, db=Database(engine), search=indexes)
    with TestClient(create_app(settings, services=services)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "not ready" and response.json()["schema"]["current"] is None


def test_readyz_is_503_when_the_database_cannot_be_reached(settings: Settings, indexes: SearchIndexes) -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2})
    services = Services(settings, serving=True, db=Database(engine), search=indexes)
    with TestClient(create_app(settings, services=services)) as client:
        response = client.get("/readyz")
        metrics = client.get("/metrics")
    assert response.status_code == 503
    assert response.json()["database"].startswith("OperationalError")
    # The process's own figures still go out, with the database's marked missing.
    assert metrics.status_code == 200
    samples = _samples(metrics.text)
    assert samples[("dailypapers_database_up", frozenset())] == 0
    assert any(name == "dailypapers_http_requests_total" for name, _ in samples)


def test_metrics_count_requests_by_route_template_not_path(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(arxiv_id="2406.00011")
    make_paper(arxiv_id="2406.00012")
    before = _samples(client.get("/metrics").text)
    for arxiv_id in ("2406.00011", "2406.00012"):
        assert client.get(f"/api/papers/{arxiv_id}").status_code == 200
    after = client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    samples = _samples(after.text)
    key = (
        "dailypapers_http_requests_total",
        frozenset({"method": "GET", "route": "/api/papers/{arxiv_id:path}", "status": "200"}.items()),
    )
    assert samples[key] - before.get(key, 0.0) == 2
    assert not any("2406.00011" in dict(labels).get("route", "") for _, labels in samples)
    count = (
        "dailypapers_http_request_duration_seconds_count",
        frozenset({"method": "GET", "route": "/api/papers/{arxiv_id:path}"}.items()),
    )
    assert samples[count] - before.get(count, 0.0) == 2


def test_pages_answered_from_the_anonymous_copy_count_under_their_route(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    make_paper(arxiv_id="2406.00013")
    key = (
        "dailypapers_http_requests_total",
        frozenset({"method": "GET", "route": "/api/papers/{arxiv_id:path}", "status": "200"}.items()),
    )
    before = _samples(client.get("/metrics").text).get(key, 0.0)
    for _ in range(3):  # the first makes the copy, the others are answered from it
        assert client.get("/api/papers/2406.00013").status_code == 200
    assert _samples(client.get("/metrics").text)[key] - before == 3


def test_metrics_report_jobs_digests_and_index_lag_from_the_database(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    make_paper(arxiv_id="2406.00021")
    samples = _samples(client.get("/metrics").text)
    assert samples[("dailypapers_digests_sent_total", frozenset())] == 0
    assert samples[("dailypapers_database_up", frozenset())] == 1
    lag = samples.get(("dailypapers_index_lag_papers", frozenset()))
    assert lag is None or lag >= 1  # present whenever the model is
    assert ("dailypapers_harvest_lag_seconds", frozenset()) not in samples  # nothing harvested yet: absent, not zero


def test_search_legs_are_timed(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(arxiv_id="2406.00031", title="Sparse attention for long documents")
    key = ("dailypapers_search_leg_duration_seconds_count", frozenset({"leg": "keyword"}.items()))
    before = _samples(client.get("/metrics").text).get(key, 0.0)
    assert client.get("/api/papers/search", params={"q": "sparse attention", "mode": "keyword"}).status_code == 200
    assert _samples(client.get("/metrics").text)[key] == before + 1


def test_each_request_is_one_log_line_with_status_and_duration(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="dailypapers.requests"):
        client.get("/no-such-page")
    (record,) = [record for record in caplog.records if record.name == "dailypapers.requests"]
    assert re.fullmatch(r"GET /no-such-page 404 \d+\.\d ms", record.getMessage())
    assert record.status == 404 and record.route == "(unmatched)" and record.duration_ms >= 0  # type: ignore[attr-defined]


def test_json_log_lines_carry_the_request_fields(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        root.handlers.clear()  # as in a fresh process: pytest's own capture is set up here
        configure_logging(level=logging.INFO, log_format="json")
        logging.getLogger("dailypapers.requests").info(
            "GET / 200 1.0 ms", extra={"method": "GET", "path": "/", "route": "/", "status": 200, "duration_ms": 1.0}
        )
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["message"] == "GET / 200 1.0 ms" and line["status"] == 200 and line["route"] == "/"
    assert line["level"] == "INFO" and line["logger"] == "dailypapers.requests" and "time" in line


def test_job_runs_and_failures_are_counted_in_the_database_for_every_node(
    client: TestClient, db: Database, clock: FakeClock
) -> None:
    def fail() -> str:
        raise RuntimeError("the mail server is down")

    for work in (lambda: "done", fail, lambda: "done again"):
        result = run_job_exclusively(
            db, name="digests", work=work, holder="worker-1", ttl=timedelta(minutes=1), slot=None, clock=clock
        )
        assert result is not None
    samples = _samples(client.get("/metrics").text)
    job = frozenset({"job": "digests"}.items())
    assert samples[("dailypapers_job_runs_total", job)] == 3
    assert samples[("dailypapers_job_failures_total", job)] == 1
    assert samples[("dailypapers_job_consecutive_failures", job)] == 0
    finished = (
        "dailypapers_job_last_finished_timestamp_seconds",
        frozenset({"job": "digests", "outcome": "ok"}.items()),
    )
    assert samples[finished] == clock().timestamp()
