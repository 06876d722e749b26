"""Links meant for outside the page start with DAILYPAPERS_BASE_URL, whatever Host header a request came with."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dailypapers.settings import Settings

BASE = "https://papers.example.org"
EVIL = {"Host": "evil.example"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path / "var", database_url="sqlite://", arxiv_lookups=False, base_url=BASE
    )


def test_canonical_link_is_on_the_base_url(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12))
    page = client.get(f"/papers/{arxiv_id}", headers=EVIL).text
    assert f'<link rel="canonical" href="{BASE}/papers/{arxiv_id}">' in page
    assert "evil.example" not in page


def test_the_apis_next_page_link_is_on_the_base_url(client: TestClient, make_paper: Callable[..., str]) -> None:
    for _ in range(2):
        make_paper(day=date(2025, 6, 12))
    response = client.get("/api/daily_papers", params={"date": "2025-06-12", "limit": 1}, headers=EVIL)
    assert response.headers["link"] == f'<{BASE}/api/daily_papers?date=2025-06-12&limit=1&p=1>; rel="next"'


def test_a_paper_page_describes_itself_for_link_previews(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(title="A Study of Things", abstract="We study things. " * 40)
    page = client.get(f"/papers/{arxiv_id}", headers=EVIL).text
    assert f'<meta property="og:url" content="{BASE}/papers/{arxiv_id}">' in page
    assert '<meta property="og:title" content="A Study of Things">' in page
    (description,) = re.findall(r'<meta name="description" content="([^"]*)">', page)
    assert description.startswith("We study things. We study") and len(description) <= 201
