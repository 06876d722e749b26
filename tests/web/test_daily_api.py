from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

HF_PAPER_FIELDS = {
    "id",
    "title",
    "summary",
    "authors",
    "publishedAt",
    "upvotes",
    "githubRepo",
    "githubStars",
    "projectPage",
}
HF_ITEM_FIELDS = {"paper", "publishedAt", "title", "summary", "numComments", "submittedBy"}


def test_items_have_hugging_face_field_names(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(
        day=date(2025, 6, 12),
        upvotes=7,
        comments=2,
        submitter="user-1",
        added_at=datetime(2025, 6, 12, 3, 50, 58, 348000, tzinfo=UTC),
        github_repo="https://github.com/owner/repo",
        github_stars=12,
    )
    response = client.get("/api/daily_papers", params={"date": "2025-06-12"})
    assert response.status_code == 200
    (item,) = response.json()
    assert item.keys() >= HF_ITEM_FIELDS and item["paper"].keys() >= HF_PAPER_FIELDS
    assert item["paper"]["id"] == arxiv_id
    assert item["publishedAt"] == "2025-06-12T03:50:58.348Z"
    assert (item["paper"]["upvotes"], item["numComments"]) == (7, 2)
    assert (item["paper"]["githubRepo"], item["paper"]["githubStars"]) == ("https://github.com/owner/repo", 12)
    assert item["submittedBy"]["name"] == "user-1"
    assert all(set(author) == {"name"} for author in item["paper"]["authors"])


def test_week_and_month_select_their_days(client: TestClient, make_paper: Callable[..., str]) -> None:
    inside = make_paper(day=date(2025, 6, 9))
    make_paper(day=date(2025, 6, 16))
    week = client.get("/api/daily_papers", params={"week": "2025-W24"}).json()
    month = client.get("/api/daily_papers", params={"month": "2025-06"}).json()
    assert [item["paper"]["id"] for item in week] == [inside]
    assert len(month) == 2


def test_trending_ranks_a_days_papers_by_score_and_published_at_by_time_added(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    day = date(2025, 6, 12)
    popular = make_paper(day=day, upvotes=30, added_at=datetime(2025, 6, 12, 1, tzinfo=UTC))
    recent = make_paper(day=day, upvotes=1, added_at=datetime(2025, 6, 12, 9, tzinfo=UTC))
    by_votes = client.get("/api/daily_papers", params={"date": "2025-06-12", "sort": "trending"}).json()
    by_time = client.get("/api/daily_papers", params={"date": "2025-06-12", "sort": "publishedAt"}).json()
    assert [item["paper"]["id"] for item in by_votes] == [popular, recent]
    assert [item["paper"]["id"] for item in by_time] == [recent, popular]


def test_submitter_keeps_the_papers_an_imported_archive_says_they_submitted(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    day = date(2025, 6, 12)
    theirs = [make_paper(day=day, submitter="akhaliq", upvotes=upvotes) for upvotes in (1, 9)]
    make_paper(day=day, submitter="someone-else")
    for sort in ("publishedAt", "trending"):
        items = client.get("/api/daily_papers", params={"submitter": "AKhaliq", "sort": sort}).json()
        assert sorted(item["paper"]["id"] for item in items) == sorted(theirs), sort
        assert {item["submittedBy"]["user"] for item in items} == {"akhaliq"}
    assert client.get("/api/daily_papers", params={"submitter": "nobody"}).json() == []


def test_link_header_points_to_the_next_page_while_more_exist(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    for _ in range(3):
        make_paper(day=date(2025, 6, 12))
    first = client.get("/api/daily_papers", params={"date": "2025-06-12", "limit": 2})
    assert len(first.json()) == 2
    link = first.headers["link"]
    assert 'rel="next"' in link and "p=1" in link and "date=2025-06-12" in link
    url = link.split(">")[0].lstrip("<")
    second = client.get(url)
    assert len(second.json()) == 1 and "link" not in second.headers


@pytest.mark.parametrize(
    "params",
    [
        {"date": "2025-13-01"},
        {"date": "yesterday"},
        {"week": "2025-W60"},
        {"month": "2025-6"},
        {"limit": "0"},
        {"limit": "1000"},
        {"limit": "many"},
        {"p": "-1"},
        {"sort": "random"},
        {"date": "2025-06-12", "week": "2025-W24"},
    ],
)
def test_malformed_parameters_get_422_with_a_problem_body(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/daily_papers", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "detail"} <= body.keys() and body["status"] == 422
    assert body["detail"]


def test_paper_endpoint_returns_the_paper_and_ignores_a_version(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(upvotes=4)
    body = client.get(f"/api/papers/{arxiv_id}v3").json()
    assert body["id"] == arxiv_id and body["upvotes"] == 4


def test_unknown_or_malformed_paper_ids_get_404_problems(client: TestClient) -> None:
    for path in ("/api/papers/2401.99999", "/api/papers/not-an-id"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["title"] == "Not Found"


def test_old_style_ids_resolve(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(arxiv_id="hep-th/9901001")
    assert client.get("/api/papers/hep-th/9901001").json()["id"] == "hep-th/9901001"
