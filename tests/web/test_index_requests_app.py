"""Any well-formed arXiv id has a page: a paper not indexed is a 404 that says so and offers members "Index it";
`POST /api/papers/index` queues or returns a paper; lookups remember what arXiv does not know."""

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services.container import Services
from dailypapers.services.index_requests import get_index_status
from dailypapers.services.paper_lookup import MAX_LOOKUPS_AT_ONCE, LookupOutcome, ReaderLookups
from dailypapers.settings import Settings
from dailypapers.sources.arxiv_api import ArxivApiClient
from dailypapers.web.app import create_app
from tests.factories import NOW, csrf_form
from tests.fakes.arxiv_server import FakeArxiv

Headers = Callable[..., dict[str, str]]
HTML = {"accept": "text/html"}


@pytest.fixture
def lookup_client(db: Database, settings: Settings, fake_arxiv: FakeArxiv) -> Iterator[TestClient]:
    settings = settings.model_copy(
        update={"arxiv_lookups": True, "arxiv_api_url": fake_arxiv.base_url, "arxiv_min_interval": 0.0}
    )
    app = create_app(settings, services=Services(settings, serving=True, db=db))
    with TestClient(app, follow_redirects=False) as client:
        yield client


def test_a_malformed_id_is_a_404_at_once(client: TestClient) -> None:
    page = client.get("/papers/not-an-id", headers=HTML)
    assert page.status_code == 404 and "Index it" not in page.text


def test_a_visitor_is_asked_to_sign_in_and_a_member_queues_the_paper(
    client: TestClient, db: Database, sign_in: Callable[..., User], fake_arxiv: FakeArxiv
) -> None:
    page = client.get("/papers/2401.00001", headers=HTML)
    assert page.status_code == 404
    assert "2401.00001 is not indexed here yet" in page.text and "to ask this site to index it" in page.text
    sign_in()
    page = client.get("/papers/2401.00001", headers=HTML)
    assert 'action="/papers/2401.00001/index"' in page.text and "Index it</button>" in page.text
    queued = client.post("/papers/2401.00001/index", data=csrf_form(client))
    assert queued.status_code == 303 and queued.headers["location"] == "/papers/2401.00001"
    page = client.get("/papers/2401.00001", headers=HTML)
    assert page.status_code == 404 and "Queued for indexing" in page.text and "Index it</button>" not in page.text
    assert get_index_status(db, arxiv_id="2401.00001") is not None
    assert fake_arxiv.requests == []  # lookups are off: only the worker asks arXiv


def test_an_unconfirmed_or_anonymous_request_queues_nothing(client: TestClient, db: Database) -> None:
    assert client.post("/papers/2401.00001/index", data={}).status_code in (401, 403)
    assert get_index_status(db, arxiv_id="2401.00001") is None


def test_the_api_queues_an_unknown_paper_and_returns_a_known_one(
    client: TestClient, api_headers: Headers, make_paper: Callable[..., str]
) -> None:
    member = api_headers()
    queued = client.post("/api/papers/index", json={"arxivId": "2401.00002"}, headers=member)
    assert queued.status_code == 202
    assert queued.json() == {
        "arxivId": "2401.00002",
        "status": "queued",
        "requestedAt": "2025-06-12T09:00:00Z",
        "url": "/papers/2401.00002",
    }
    known = make_paper()
    answer = client.post("/api/papers/index", json={"arxivId": f"https://arxiv.org/abs/{known}v2"}, headers=member)
    assert answer.status_code == 200 and answer.json()["id"] == known
    assert client.post("/api/papers/index", json={"arxivId": "2401.00002"}).status_code == 401
    bad = client.post("/api/papers/index", json={"arxivId": "nonsense"}, headers=member)
    assert bad.status_code == 404 and bad.headers["content-type"] == "application/problem+json"
    assert client.post("/api/papers/index", json={}, headers=member).status_code == 422


def test_with_lookups_the_api_fetches_within_the_budget(
    lookup_client: TestClient, api_headers: Headers, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    arxiv_id = next(iter(arxiv_rows))
    answer = lookup_client.post("/api/papers/index", json={"arxivId": arxiv_id}, headers=api_headers())
    assert answer.status_code == 200 and answer.json()["title"][:20] == arxiv_rows[arxiv_id]["title"][:20]
    absent = lookup_client.post("/api/papers/index", json={"arxivId": "2401.99999"}, headers=api_headers())
    assert absent.status_code == 404


def test_an_id_arxiv_does_not_know_is_remembered_so_a_crawler_costs_one_request(
    lookup_client: TestClient, fake_arxiv: FakeArxiv
) -> None:
    for _ in range(5):
        page = lookup_client.get("/papers/2401.99999", headers=HTML)
        assert page.status_code == 404 and "here or on arXiv" in page.text and "Index it" not in page.text
    assert len(fake_arxiv.requests) == 1


def test_readers_asking_for_one_paper_at_once_share_one_lookup_and_the_queue_is_bounded(
    db: Database, fake_arxiv: FakeArxiv
) -> None:
    # Ids arXiv does not know: the lookups threads only read, so none writes after the test's rollback.
    ids = [f"2401.{90000 + number}" for number in range(MAX_LOOKUPS_AT_ONCE + 4)]
    with ArxivApiClient(fake_arxiv.base_url, min_interval=0.0) as client:
        lookups = ReaderLookups(client, budget=0.2)
        fake_arxiv.answer_slowly(1.5, times=50)
        try:
            started = time.monotonic()
            outcomes = [lookups.find(db, arxiv_id=ids[0], now=NOW).outcome for _ in range(3)]
            assert outcomes == [LookupOutcome.PENDING] * 3 and time.monotonic() - started < 1.2
            assert len(fake_arxiv.requests) == 1  # the three readers shared one lookup
            for arxiv_id in ids[1:]:
                assert lookups.find(db, arxiv_id=arxiv_id, now=NOW).outcome is LookupOutcome.PENDING
            assert lookups.in_flight_count() == MAX_LOOKUPS_AT_ONCE  # the rest answered at once, not queued
        finally:
            lookups.close(wait=True)


def test_the_index_endpoint_allows_only_post(client: TestClient) -> None:
    # "index" would fit /api/papers/{arxiv_id} as a value, but the path names this endpoint.
    refused = client.put("/api/papers/index", json={})
    assert refused.status_code == 405 and refused.headers["allow"] == "POST"
