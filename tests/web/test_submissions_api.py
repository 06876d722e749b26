"""`POST /api/v1/submissions` against the fake arXiv: each outcome, and each refusal as a typed problem."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.services.container import Services
from dailypapers.settings import Settings
from dailypapers.sources.retries import RetryPolicy
from dailypapers.web.app import create_app
from tests.factories import NOW, FakeClock
from tests.fakes.arxiv_feed import FakePaper
from tests.fakes.arxiv_fixtures import MakeArxivClient
from tests.fakes.arxiv_server import FakeArxiv

RECENT = NOW - timedelta(days=2)
Headers = Callable[..., dict[str, str]]


@pytest.fixture
def settings(tmp_path: Path, fake_arxiv: FakeArxiv) -> Iterator[Settings]:
    yield Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "var",
        database_url="sqlite://",
        arxiv_api_url=fake_arxiv.base_url,
        arxiv_min_interval=0.0,
    )


@pytest.fixture
def on_arxiv(fake_arxiv: FakeArxiv, arxiv_rows: dict[str, dict[str, Any]]) -> Callable[[str], FakePaper]:
    """Put a paper on the fake arXiv only, published two days ago."""
    row = next(iter(arxiv_rows.values()))
    return lambda arxiv_id: fake_arxiv.add(FakePaper.from_row(row, arxiv_id=arxiv_id, versions=(RECENT,)))


def submit(client: TestClient, headers: dict[str, str], arxiv_id: str, **fields: Any) -> Any:
    return client.post("/api/v1/submissions", json={"arxiv_id": arxiv_id, **fields}, headers=headers)


def assert_problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["type"] == kind and body["status"] == status and body["detail"]
    return body


def test_a_known_paper_is_listed_at_once_and_named_as_the_member_s(
    client: TestClient, api_headers: Headers, make_paper: Callable[..., str], fake_arxiv: FakeArxiv
) -> None:
    headers = api_headers(username="ada", display_name="Ada L.")
    arxiv_id = make_paper(published_at=RECENT)
    response = submit(client, headers, arxiv_id, comment="Worth it")
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["day"], body["arxiv_id"], body["comment"], body["pinned"]) == (
        "2025-06-12",
        arxiv_id,
        "Worth it",
        False,
    )
    assert body["submitted_by"] == {"username": "ada", "display_name": "Ada L."}
    [item] = client.get("/api/daily_papers?date=2025-06-12").json()
    assert item["submittedBy"] == {"name": "ada", "fullname": "Ada L.", "type": "user", "user": "ada"}
    assert fake_arxiv.requests == []
    # `hf papers ls --submitter ada` asks for the member's entries by username, in any case.
    by_ada = client.get("/api/daily_papers", params={"submitter": "ADA", "sort": "trending", "date": "2025-06-12"})
    assert [entry["paper"]["id"] for entry in by_ada.json()] == [arxiv_id]
    assert client.get("/api/daily_papers", params={"submitter": "bob"}).json() == []


def test_an_unknown_paper_is_fetched_then_listed(
    client: TestClient, api_headers: Headers, on_arxiv: Callable[[str], FakePaper], fake_arxiv: FakeArxiv
) -> None:
    paper = on_arxiv("2506.99921")
    response = submit(client, api_headers(), "https://arxiv.org/abs/2506.99921v1")
    assert response.status_code == 201 and response.json()["title"] == paper.title
    assert [request.params["id_list"] for request in fake_arxiv.requests] == ["2506.99921"]


def test_a_paper_arxiv_does_not_know_is_a_404_problem(client: TestClient, api_headers: Headers) -> None:
    body = assert_problem(submit(client, api_headers(), "2506.99999"), 404, "/problems/unknown-paper")
    assert body["title"] == "Unknown paper"


def test_an_arxiv_500_is_retried_and_the_paper_listed(
    client: TestClient, api_headers: Headers, on_arxiv: Callable[[str], FakePaper], fake_arxiv: FakeArxiv
) -> None:
    on_arxiv("2506.99922")
    fake_arxiv.fail(500, retry_after="0")
    assert submit(client, api_headers(), "2506.99922").status_code == 201
    assert len(fake_arxiv.requests) == 2


def test_an_arxiv_503_asking_to_wait_is_a_503_problem_with_retry_after(
    client: TestClient, api_headers: Headers, on_arxiv: Callable[[str], FakePaper], fake_arxiv: FakeArxiv
) -> None:
    on_arxiv("2506.99923")
    fake_arxiv.fail(503, retry_after="90")
    response = submit(client, api_headers(), "2506.99923")
    assert_problem(response, 503, "/problems/arxiv-unavailable")
    assert response.headers["retry-after"] == "90"
    assert client.get("/api/papers/2506.99923").status_code == 404  # nothing half-written


def test_a_truncated_feed_twice_is_a_503_problem_that_says_so(
    db: Database,
    settings: Settings,
    clock: FakeClock,
    api_headers: Headers,
    on_arxiv: Callable[[str], FakePaper],
    fake_arxiv: FakeArxiv,
    make_arxiv_client: MakeArxivClient,
) -> None:
    # The app's own client, but waiting out its backoff on a fake clock.
    arxiv = make_arxiv_client(retry=RetryPolicy(max_attempts=2))
    app = create_app(settings, services=Services(settings, serving=True, db=db, clock=clock, arxiv=arxiv))
    on_arxiv("2506.99924")
    fake_arxiv.truncate(times=2)
    with TestClient(app, follow_redirects=False) as client:
        body = assert_problem(submit(client, api_headers(), "2506.99924"), 503, "/problems/arxiv-unavailable")
    assert "truncated" in body["detail"]


def test_an_unreadable_id_is_a_422_naming_the_field(client: TestClient, api_headers: Headers) -> None:
    response = submit(client, api_headers(), "arxiv.org/abs/nonsense")
    assert response.status_code == 422 and "arxiv_id" in response.json()["errors"]
    assert client.post("/api/v1/submissions", json={}, headers=api_headers()).status_code == 422


def test_each_rule_refusal_has_its_own_problem_type(
    client: TestClient,
    settings: Settings,
    api_headers: Headers,
    make_paper: Callable[..., str],
    clock: FakeClock,
) -> None:
    headers = api_headers()
    old = make_paper(published_at=datetime(2025, 5, 1, tzinfo=UTC))
    assert_problem(submit(client, headers, old), 422, "/problems/paper-too-old")
    listed = make_paper(day=NOW.date(), published_at=RECENT)
    assert_problem(submit(client, headers, listed), 409, "/problems/already-on-list")
    for _ in range(3):
        assert submit(client, headers, make_paper(published_at=RECENT)).status_code == 201
    capped = submit(client, headers, make_paper(published_at=RECENT))
    assert_problem(capped, 429, "/problems/daily-cap-reached")
    assert capped.headers["retry-after"] == str(15 * 3600)
    settings.submission_weekends = False
    clock.now = datetime(2025, 6, 15, 9, tzinfo=UTC)  # a Sunday
    assert_problem(submit(client, headers, make_paper(published_at=RECENT)), 403, "/problems/submissions-closed")


def test_submitting_needs_a_member_and_a_rate(
    client: TestClient, settings: Settings, api_headers: Headers, make_paper: Callable[..., str]
) -> None:
    settings.rate_limit_submit = "1/minute"
    headers = api_headers(role="curator")
    assert submit(client, headers, make_paper(published_at=RECENT)).status_code == 201
    assert_problem(submit(client, headers, make_paper(published_at=RECENT)), 429, "/problems/rate-limited")


def test_an_anonymous_submission_is_a_401(client: TestClient) -> None:
    response = client.post("/api/v1/submissions", json={"arxiv_id": "2506.00001"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


def test_the_openapi_schema_documents_submissions(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/submissions"]["post"]
    assert {"201", "404", "409", "422", "429", "503"} <= set(operation["responses"])
    assert operation["security"] == [{"HTTPBearer": []}]
