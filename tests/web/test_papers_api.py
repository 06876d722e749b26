"""`GET /api/papers`: every paper, newest first, paged by an opaque cursor announced in a `Link` header."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from dailypapers.domain.paper_cursors import PaperCursor, encode_cursor


def _ids(items: list[dict[str, object]]) -> list[object]:
    return [item["id"] for item in items]


def test_pages_follow_the_link_header_to_every_paper_newest_first(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    same_time = datetime(2024, 3, 1, 12, tzinfo=UTC)
    oldest = make_paper(published_at=datetime(2023, 1, 1, tzinfo=UTC))
    tied_first = make_paper(published_at=same_time)
    tied_second = make_paper(published_at=same_time)
    newest = make_paper(published_at=datetime(2025, 5, 5, tzinfo=UTC))
    undated = make_paper(published_at=None)
    seen: list[object] = []
    url: str | None = "/api/papers?limit=2"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += _ids(response.json())
        url = response.links.get("next", {}).get("url")
    # Ties on the publication time go by row id, newest row first; papers without a time come last.
    assert seen == [newest, tied_second, tied_first, oldest, undated]


def test_the_last_page_announces_no_next(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper()
    response = client.get("/api/papers", params={"limit": 5})
    assert len(response.json()) == 1 and "link" not in response.headers


def test_items_have_the_single_papers_shape(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(upvotes=3)
    (item,) = client.get("/api/papers").json()
    assert item == client.get(f"/api/papers/{arxiv_id}").json()


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        encode_cursor(PaperCursor(None, 1))[:-2],
        "WzEsMl0",  # [1,2]: JSON, but not a cursor's
        "WyIyMDI0LTAxLTAxIiwxXQ",  # ["2024-01-01",1]: a time without its zone
        "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzA1OjAwIiwxXQ",  # year 1 at +05:00: before the first instant there is
        "W251bGwsOTIyMzM3MjAzNjg1NDc3NTgwOF0",  # [null,2**63]: past what a row id holds
    ],
)
def test_a_cursor_this_site_did_not_write_is_a_422_problem(client: TestClient, cursor: str) -> None:
    response = client.get("/api/papers", params={"cursor": cursor})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "cursor" in response.json()["detail"]


@pytest.mark.parametrize("limit", ["0", "101", "ten"])
def test_a_limit_out_of_bounds_is_a_422_problem(client: TestClient, limit: str) -> None:
    assert client.get("/api/papers", params={"limit": limit}).status_code == 422
