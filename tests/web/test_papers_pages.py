"""Opening /papers/<id> for a paper not yet indexed looks it up on (the fake) arXiv and stores it; a reader waits
for arXiv a moment at most and never sees a network error."""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.services.container import Services
from dailypapers.services.paper_lookup import ReaderLookups
from dailypapers.services.papers import get_paper
from dailypapers.settings import Settings
from dailypapers.web.app import create_app
from tests.fakes.arxiv_server import FakeArxiv


@pytest.fixture
def lookup_client(db: Database, settings: Settings, fake_arxiv: FakeArxiv) -> Iterator[TestClient]:
    settings = settings.model_copy(
        update={"arxiv_lookups": True, "arxiv_api_url": fake_arxiv.base_url, "arxiv_min_interval": 0.0}
    )
    app = create_app(settings, services=Services(settings, serving=True, db=db))
    with TestClient(app, follow_redirects=False) as client:
        yield client


def test_an_unknown_paper_is_fetched_stored_and_shown(
    lookup_client: TestClient, db: Database, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    arxiv_id, row = next(iter(arxiv_rows.items()))
    assert get_paper(db, arxiv_id=arxiv_id) is None
    page = lookup_client.get(f"/papers/{arxiv_id}")
    assert page.status_code == 200 and row["title"][:40] in page.text
    stored = get_paper(db, arxiv_id=arxiv_id)
    assert stored is not None and stored.authors == tuple(row["authors"])


def test_a_paper_arxiv_does_not_know_is_a_404(lookup_client: TestClient) -> None:
    page = lookup_client.get("/papers/2401.99999", headers={"accept": "text/html"})
    assert page.status_code == 404 and "here or on arXiv" in page.text


def test_arxiv_failing_is_a_plain_404_that_stores_nothing_and_rests_lookups_a_while(
    lookup_client: TestClient, db: Database, fake_arxiv: FakeArxiv, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    arxiv_id, other = list(arxiv_rows)[:2]
    fake_arxiv.fail(503, times=5, retry_after="1")
    page = lookup_client.get(f"/papers/{arxiv_id}", headers={"accept": "text/html"})
    assert page.status_code == 404 and "is not indexed here yet" in page.text
    assert "503" not in page.text and "Service Unavailable" not in page.text
    assert get_paper(db, arxiv_id=arxiv_id) is None
    asked = len(fake_arxiv.requests)
    started = time.monotonic()
    assert lookup_client.get(f"/papers/{other}").status_code == 404  # arXiv just failed: not asked again yet
    assert len(fake_arxiv.requests) == asked and time.monotonic() - started < 1.0


def test_arxiv_slower_than_the_budget_gives_a_404_now_and_the_paper_on_the_next_visit(
    db: Database, settings: Settings, fake_arxiv: FakeArxiv, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    settings = settings.model_copy(
        update={"arxiv_lookups": True, "arxiv_api_url": fake_arxiv.base_url, "arxiv_min_interval": 0.0}
    )
    services = Services(settings, serving=True, db=db)
    lookups = services._reader_lookups = ReaderLookups(services.arxiv, budget=0.3)  # type: ignore[arg-type]
    arxiv_id, row = next(iter(arxiv_rows.items()))
    fake_arxiv.answer_slowly(3.0)
    with TestClient(create_app(settings, services=services), follow_redirects=False) as client:
        started = time.monotonic()
        page = client.get(f"/papers/{arxiv_id}")
        assert page.status_code == 404 and time.monotonic() - started < 2.5  # did not wait for arXiv's 3 s
        assert "did not answer in time" in page.text
        # The test's database is one connection: wait for the background look-up rather than read beside it.
        lookups.close(wait=True)
        assert get_paper(db, arxiv_id=arxiv_id) is not None
        again = client.get(f"/papers/{arxiv_id}")
        assert again.status_code == 200 and row["title"][:40] in again.text


def test_lookups_switched_off_never_call_arxiv(client: TestClient, fake_arxiv: FakeArxiv) -> None:
    assert client.get("/papers/2401.00001").status_code == 404
    assert fake_arxiv.requests == []
