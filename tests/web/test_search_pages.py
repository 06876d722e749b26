"""The search page, the header's search box, similar papers on a paper page, the related-work page."""

from collections.abc import Callable
from dataclasses import asdict

import pytest
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.indexing import index_papers
from tests.factories import csrf_form, real_records


@pytest.fixture
def papers(make_paper: Callable[..., str]) -> list[str]:
    return [
        make_paper(arxiv_id="2501.00011", title="Sparse attention for long documents", abstract="Books, read whole."),
        make_paper(arxiv_id="2501.00012", title="Attention sinks", abstract="The first token draws attention."),
        make_paper(arxiv_id="2501.00013", title="Robot grasping", abstract="Tactile sensing for grippers."),
    ]


def test_every_page_has_the_search_box(client: TestClient, papers: list[str]) -> None:
    for path in ("/papers", f"/papers/{papers[0]}", "/related"):
        html = client.get(path).text
        assert 'action="/papers"' in html and 'name="q"' in html, path


def test_search_page_highlights_the_matched_words(client: TestClient, papers: list[str]) -> None:
    response = client.get("/papers", params={"q": "attention", "mode": "keyword"})
    assert response.status_code == 200
    assert "Sparse <mark>attention</mark> for long documents" in response.text
    assert f'href="/papers/{papers[1]}"' in response.text
    assert f'href="/papers/{papers[2]}"' not in response.text


def test_the_form_s_empty_fields_are_no_filter(client: TestClient, papers: list[str]) -> None:
    # What the search page's own form sends when its dates and category are left empty.
    params = {"q": "attention", "mode": "keyword", "sort": "newest", "from": "", "to": "", "category": ""}
    response = client.get("/papers", params=params)
    assert response.status_code == 200
    assert f'href="/papers/{papers[0]}"' in response.text and f'href="/papers/{papers[1]}"' in response.text


def test_a_mistyped_date_comes_back_in_the_form_with_a_message(client: TestClient, papers: list[str]) -> None:
    response = client.get("/papers", params={"q": "attention", "from": "2025-13-40", "to": ""})
    assert response.status_code == 422
    assert "From: “2025-13-40” is not a date; write it as YYYY-MM-DD." in response.text
    assert 'value="2025-13-40"' in response.text and 'value="attention"' in response.text


def test_search_page_without_a_query_shows_the_form(client: TestClient) -> None:
    response = client.get("/papers")
    assert response.status_code == 200 and "Search papers" in response.text


def test_search_page_escapes_what_was_typed(client: TestClient, papers: list[str]) -> None:
    response = client.get("/papers", params={"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_search_page_says_when_semantic_results_are_missing(client: TestClient, papers: list[str]) -> None:
    response = client.get("/papers", params={"q": "attention"})
    assert "dailypapers index" in response.text


def test_paper_page_lists_similar_papers(
    client: TestClient, db: Database, indexes: SearchIndexes, papers: list[str]
) -> None:
    index_papers(db, indexes)
    html = client.get(f"/papers/{papers[0]}").text
    assert "Similar papers" in html
    similar = html.split("Similar papers", 1)[1]
    assert f'href="/papers/{papers[1]}"' in similar and f'href="/papers/{papers[0]}"' not in similar


def test_related_work_needs_the_forms_csrf_token(client: TestClient, papers: list[str]) -> None:
    assert client.post("/related", data={"text": "robots"}).status_code == 403


def test_related_work_page(client: TestClient, db: Database, indexes: SearchIndexes, papers: list[str]) -> None:
    index_papers(db, indexes)
    assert client.get("/related").status_code == 200
    response = client.post("/related", data=csrf_form(client, text="A robot hand that feels what it grasps."))
    assert response.status_code == 200
    assert response.text.index(f'href="/papers/{papers[2]}"') < response.text.index(f'href="/papers/{papers[0]}"')


def test_related_work_page_reads_a_focus_and_keeps_both_boxes(
    client: TestClient, db: Database, indexes: SearchIndexes, papers: list[str]
) -> None:
    index_papers(db, indexes)
    draft = "A robot hand with tactile sensing for grippers, planned by a model with sparse attention over books."
    for focus, first in (("tactile sensing for grippers", papers[2]), ("sparse attention over books", papers[0])):
        html = client.post("/related", data=csrf_form(client, text=draft, focus=focus)).text
        others = [paper for paper in papers if paper != first and f'href="/papers/{paper}"' in html]
        assert all(html.index(f'href="/papers/{first}"') < html.index(f'href="/papers/{other}"') for other in others)
        assert f">{focus}</textarea>" in html and f">{draft}</textarea>" in html
    # Only the focus box filled: it is searched as the text.
    html = client.post("/related", data=csrf_form(client, text="", focus="tactile sensing for grippers")).text
    assert f'href="/papers/{papers[2]}"' in html and ">tactile sensing for grippers</textarea>" in html


@pytest.fixture
def video_papers(db: Database, indexes: SearchIndexes, make_paper: Callable[..., str]) -> list[str]:
    """Forty real papers, among them video generation with diffusion models, embedded."""
    ids = [make_paper(**asdict(record)) for record in real_records()[250:290]]
    index_papers(db, indexes)
    return ids


def test_search_page_admits_a_poor_match_above_the_closest_papers(client: TestClient, video_papers: list[str]) -> None:
    html = client.get("/papers", params={"q": "zxqvbnm qqqq"}).text
    notice = html.index("No paper matched these words well; the closest are below.")
    assert notice < html.index('<ol class="cards"')
    assert "Did you mean" not in html


def test_search_page_says_about_how_many_papers_hold_the_words(client: TestClient, video_papers: list[str]) -> None:
    html = client.get("/papers", params={"q": real_records()[255].title}).text
    assert "No paper matched these words well" not in html
    assert "Results 1–20 · about 1 paper holds all these words" in html


def test_search_page_links_the_suggested_spelling(client: TestClient, video_papers: list[str]) -> None:
    html = client.get("/papers", params={"q": "difusion vidoe genration", "mode": "keyword"}).text
    assert 'Did you mean <a href="/papers?q=diffusion+video+generation&amp;mode=keyword">' in html
