"""A following instance's pages and API: which entries came from the upstream, its counts and the local ones apart,
links to the upstream's pages, and what the upstream says beyond arXiv on the paper page."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services import votes as votes_service
from dailypapers.services.container import Services
from dailypapers.services.upstream import pull_upstream
from dailypapers.settings import Settings
from dailypapers.sources.upstream_api import UpstreamClient
from dailypapers.web.app import create_app
from tests.factories import NOW, FakeClock
from tests.fakes.hf_daily_server import FakeHuggingFace, archive_rows, hf_item

DAY = "2025-06-12"
LATER = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@pytest.fixture
def rows() -> list[dict[str, object]]:
    return archive_rows(DAY)[DAY][:3]


@pytest.fixture
def following(
    db: Database, tmp_path: Path, clock: FakeClock, indexes: SearchIndexes, rows: list[dict[str, object]]
) -> Iterator[TestClient]:
    """A site following huggingface.co, its list of DAY pulled from a local server answering as Hugging Face."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "var",
        database_url="sqlite://",
        arxiv_lookups=False,
        upstream_url="https://huggingface.co/",
    )
    with FakeHuggingFace({DAY: [hf_item(row) for row in rows]}) as hf, UpstreamClient(hf.base_url) as source:
        report = pull_upstream(db, source=source, start=date(2025, 6, 12), end=date(2025, 6, 12), clock=clock)
    assert report.added == 3
    app = create_app(settings, services=Services(settings, serving=True, db=db, clock=clock, search=indexes))
    with TestClient(app, follow_redirects=False) as client:
        yield client


def test_the_day_page_marks_upstream_entries_and_links_to_the_upstream(
    following: TestClient, rows: list[dict[str, object]]
) -> None:
    page = html.unescape(following.get(f"/papers/date/{DAY}").text)
    assert "3 of the papers here come from" in page
    assert f'href="https://huggingface.co/papers/date/{DAY}"' in page
    for row in rows:
        assert f'href="https://huggingface.co/papers/{row["arxiv_id"]}"' in page
        assert f"{row['upvotes']} on Hugging Face · 0 here" in page
    assert "#1 on Hugging Face" in page and "#3 on Hugging Face" in page


def test_a_local_upvote_shows_beside_the_upstream_count_on_pages_and_in_the_api(
    following: TestClient, db: Database, make_user: Callable[..., User], rows: list[dict[str, object]]
) -> None:
    arxiv_id = str(rows[0]["arxiv_id"])
    votes_service.cast_vote(db, arxiv_id=arxiv_id, user_id=make_user().id, now=NOW)
    upvotes = int(str(rows[0]["upvotes"]))
    assert f"{upvotes} on Hugging Face · 1 here" in html.unescape(following.get(f"/papers/{arxiv_id}").text)
    items = following.get("/api/daily_papers", params={"date": DAY}).json()
    item = next(item for item in items if item["paper"]["id"] == arxiv_id)
    assert (item["paper"]["upvotes"], item["paper"]["upstreamUpvotes"], item["paper"]["localUpvotes"]) == (
        upvotes + 1,
        upvotes,
        1,
    )
    assert {item["upstreamPosition"] for item in items} == {1, 2, 3}


def test_the_paper_page_shows_what_the_upstream_says_beyond_arxiv(
    following: TestClient, rows: list[dict[str, object]]
) -> None:
    page = html.unescape(following.get(f"/papers/{rows[0]['arxiv_id']}").text)
    assert "From Hugging Face" in page
    assert f"A generated one-line summary of {rows[0]['title']}." in page
    assert '<span class="tag">vision encoder</span>' in page
    assert "/figure1.png" in page


def test_the_organization_hugging_face_credits_is_on_the_paper_page(db: Database, following: TestClient) -> None:
    day = "2025-10-03"  # the archive's first day with an organization
    row = next(row for row in archive_rows(day)[day] if row["organization"])
    with FakeHuggingFace({day: [hf_item(row)]}) as hf, UpstreamClient(hf.base_url) as source:
        pull_upstream(db, source=source, start=date(2025, 10, 3), end=date(2025, 10, 3), clock=FakeClock(LATER))
    page = html.unescape(following.get(f"/papers/{row['arxiv_id']}").text)
    assert f"<dt>Organization</dt><dd>{row['organization']}</dd>" in page


def test_a_site_following_no_upstream_shows_no_upstream_marks(client: TestClient, db: Database) -> None:
    rows = archive_rows(DAY)[DAY][:1]
    with FakeHuggingFace({DAY: [hf_item(row) for row in rows]}) as hf, UpstreamClient(hf.base_url) as source:
        pull_upstream(db, source=source, start=date(2025, 6, 12), end=date(2025, 6, 12), clock=FakeClock())
    page = html.unescape(client.get(f"/papers/date/{DAY}").text)
    assert "on the upstream · 0 here" in page and "huggingface.co/papers/date" not in page
