"""The search and similar-papers API: Hugging Face's shape, parameters, and bad input answered without a 500."""

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.indexing import index_papers
from tests.factories import real_records


@pytest.fixture
def papers(make_paper: Callable[..., str]) -> list[str]:
    ids = [
        make_paper(
            arxiv_id="2501.00001",
            title="Sparse attention for long documents",
            abstract="Transformers with sparse attention read whole books.",
            published_at=datetime(2025, 3, 1, tzinfo=UTC),
            categories=("cs.CL",),
            github_repo="https://github.com/example/sparse",
            upvotes=7,
            day=date(2025, 3, 2),
        ),
        make_paper(
            arxiv_id="2501.00002",
            title="Attention sinks in language models",
            abstract="Why the first token draws attention.",
            published_at=datetime(2025, 5, 1, tzinfo=UTC),
            categories=("cs.LG",),
        ),
    ]
    # Ten more real papers, none of them about attention, for the rankings to have something to leave out.
    unrelated = [r for r in real_records() if "attention" not in (r.title + r.abstract).lower()][:10]
    return ids + [make_paper(**asdict(record)) for record in unrelated]


def test_search_answers_in_hugging_faces_shape(client: TestClient, papers: list[str]) -> None:
    response = client.get("/api/papers/search", params={"q": "sparse attention", "mode": "keyword"})
    assert response.status_code == 200
    item = response.json()[0]
    assert item["paper"]["id"] == papers[0]
    assert {"paper", "publishedAt", "title", "summary", "numComments", "highlightedTitle", "highlightedSummary"} <= set(
        item
    )
    assert {"type": "highlight", "text": "Sparse"} in item["highlightedTitle"]
    assert "".join(part["text"] for part in item["highlightedSummary"]) == item["summary"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "cs.LG"}, [1]),
        ({"has_code": "true"}, [0]),
        ({"daily_only": "true"}, [0]),
        ({"from": "2025-04-01"}, [1]),
        ({"to": "2025-04-01"}, [0]),
    ],
)
def test_search_filters(client: TestClient, papers: list[str], params: dict[str, str], expected: list[int]) -> None:
    response = client.get("/api/papers/search", params={"q": "attention", "mode": "keyword", **params})
    assert [item["paper"]["id"] for item in response.json()] == [papers[i] for i in expected]


def test_search_pages_with_a_next_link(client: TestClient, papers: list[str]) -> None:
    first = client.get("/api/papers/search", params={"q": "attention", "mode": "keyword", "limit": 1})
    assert 'rel="next"' in first.headers["link"] and "p=1" in first.headers["link"]
    second = client.get("/api/papers/search", params={"q": "attention", "mode": "keyword", "limit": 1, "p": 1})
    assert "link" not in second.headers
    assert first.json()[0]["paper"]["id"] != second.json()[0]["paper"]["id"]


def test_sort_by_upvotes(client: TestClient, papers: list[str]) -> None:
    response = client.get("/api/papers/search", params={"q": "attention", "mode": "keyword", "sort": "upvotes"})
    upvotes = [item["paper"]["upvotes"] for item in response.json()]
    assert response.json()[0]["paper"]["id"] == papers[0] and upvotes == sorted(upvotes, reverse=True)


@pytest.mark.parametrize(
    "q",
    ["!!!", '"', "attention*", "NEAR(sparse attention)", "AND OR", "-attention", "注意力 机制", "sparse " * 1500],
)
@pytest.mark.parametrize("mode", ["hybrid", "keyword", "semantic"])
def test_awkward_queries_answer_200(client: TestClient, papers: list[str], q: str, mode: str) -> None:
    response = client.get("/api/papers/search", params={"q": q, "mode": mode})
    assert response.status_code == 200, response.text
    assert isinstance(response.json(), list)


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "   "},
        {},
        {"q": "x", "limit": "100000"},
        {"q": "x", "limit": "0"},
        {"q": "x", "mode": "fuzzy"},
        {"q": "x", "sort": "random"},
        {"q": "x", "from": "yesterday"},
        {"q": "x", "from": "2025-05-01", "to": "2025-01-01"},
        {"q": "x", "p": "-1"},
        {"q": "x" * 20_001},
    ],
)
def test_bad_parameters_are_a_clear_422(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/papers/search", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"]


def test_similar_papers_leave_the_paper_out(
    client: TestClient, db: Database, indexes: SearchIndexes, papers: list[str]
) -> None:
    index_papers(db, indexes)
    response = client.get(f"/api/v1/papers/{papers[0]}/similar", params={"limit": 5})
    body = response.json()
    assert response.status_code == 200 and body["method"] == "semantic"
    found = [item["paper"]["id"] for item in body["papers"]]
    assert len(found) == 5 and papers[0] not in found
    assert papers[1] == found[0]  # the other attention paper


def test_similar_papers_fall_back_to_keywords_without_vectors(client: TestClient, papers: list[str]) -> None:
    body = client.get(f"/api/v1/papers/{papers[0]}/similar").json()
    assert body["method"] == "keyword"
    found = [item["paper"]["id"] for item in body["papers"]]
    assert found[0] == papers[1] and papers[0] not in found


def test_similar_papers_of_an_unknown_paper_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/papers/2501.99999/similar").status_code == 404
    assert client.get("/api/v1/papers/not-an-id/similar").status_code == 404
    assert client.get("/api/v1/papers/2501.00001/similar", params={"limit": 100000}).status_code == 422


def test_related_work_from_pasted_text(
    client: TestClient, db: Database, indexes: SearchIndexes, papers: list[str]
) -> None:
    index_papers(db, indexes)
    response = client.post("/api/v1/similar", json={"text": "Long books read by transformers with sparse attention."})
    assert response.status_code == 200
    assert response.json()[0]["paper"]["id"] == papers[0]
    assert client.post("/api/v1/similar", json={"text": ""}).status_code == 422
    assert client.post("/api/v1/similar", json={"text": "x", "limit": 100000}).status_code == 422
    assert client.post("/api/v1/similar", json={}).status_code == 422


def test_related_work_reads_a_focus_beside_the_text(
    client: TestClient, db: Database, indexes: SearchIndexes, papers: list[str]
) -> None:
    index_papers(db, indexes)
    draft = "Transformers with sparse attention read whole books; we also ask why the first token draws attention."
    for focus, expected in (("sparse attention over books", papers[0]), ("the first token draws attention", papers[1])):
        response = client.post("/api/v1/similar", json={"text": draft, "focus": focus, "limit": 3})
        assert response.status_code == 200
        assert response.json()[0]["paper"]["id"] == expected
    too_long = client.post("/api/v1/similar", json={"text": draft, "focus": "x" * 50_001})
    assert too_long.status_code == 422 and "focus" in too_long.text
    assert client.post("/api/v1/similar", json={"text": draft, "focus": ["a list"]}).status_code == 422


def test_openapi_documents_the_search_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/papers/search", "/api/v1/papers/{arxiv_id}/similar", "/api/v1/similar"} <= set(paths)
    names = {parameter["name"] for parameter in paths["/api/papers/search"]["get"]["parameters"]}
    assert names == {"q", "mode", "from", "to", "category", "has_code", "daily_only", "sort", "p", "limit"}


@pytest.fixture
def video_papers(db: Database, indexes: SearchIndexes, make_paper: Callable[..., str]) -> list[str]:
    """Forty real papers, among them video generation with diffusion models, embedded."""
    ids = [make_paper(**asdict(record)) for record in real_records()[250:290]]
    index_papers(db, indexes)
    return ids


def test_search_headers_admit_a_poor_match_and_keep_the_results(client: TestClient, video_papers: list[str]) -> None:
    response = client.get("/api/papers/search", params={"q": "zxqvbnm qqqq", "limit": 5})
    assert response.status_code == 200 and len(response.json()) == 5
    assert response.headers["X-Search-Match"] == "poor"
    assert response.headers["X-Search-Estimated-Count"] == "0"
    assert "X-Search-Suggestion" not in response.headers


def test_search_headers_for_a_real_title(client: TestClient, video_papers: list[str]) -> None:
    title = real_records()[255].title
    response = client.get("/api/papers/search", params={"q": title, "limit": 5})
    assert response.json()[0]["paper"]["id"] == video_papers[5]
    assert response.headers["X-Search-Match"] == "good"
    assert response.headers["X-Search-Count-Of"] == "all-words"
    assert int(response.headers["X-Search-Estimated-Count"]) >= 1


def test_search_headers_suggest_the_index_s_spelling(client: TestClient, video_papers: list[str]) -> None:
    response = client.get("/api/papers/search", params={"q": "difusion vidoe genration"})
    assert response.headers["X-Search-Suggestion"] == "diffusion video generation"
    assert response.headers["X-Search-Count-Of"] == "any-word"


def test_the_search_headers_are_in_the_openapi_document(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/papers/search"]["get"]
    headers = operation["responses"]["200"]["headers"]
    assert {"X-Search-Match", "X-Search-Suggestion", "X-Search-Estimated-Count"} <= set(headers)
