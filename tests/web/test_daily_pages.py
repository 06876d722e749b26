import re
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient


def test_front_page_shows_the_most_recent_day(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 6, 11), title="An older paper")
    make_paper(
        day=date(2025, 6, 12),
        title="The newest paper",
        upvotes=9,
        github_repo="https://github.com/o/r",
        github_stars=1200,
    )
    page = client.get("/")
    assert page.status_code == 200
    assert "Thursday, 12 June 2025" in page.text
    assert "The newest paper" in page.text and "An older paper" not in page.text
    assert "o/r · ★ 1.2k" in page.text
    assert 'href="/papers/date/2025-06-11"' in page.text


def test_an_empty_site_says_how_to_get_papers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "dailypapers import" in page.text


def test_day_week_and_month_pages_render(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 6, 12), title="Paper of the week")
    for path in ("/papers/date/2025-06-12", "/papers/week/2025-W24", "/papers/month/2025-06"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "Paper of the week" in page.text


def test_sorting_by_time_added_is_a_link_away(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 6, 12))
    page = client.get("/papers/date/2025-06-12?sort=added")
    assert page.status_code == 200
    assert 'href="/papers/date/2025-06-12?sort=added" aria-current="true"' in page.text


def test_an_empty_day_links_to_the_nearest_day(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 6, 12))
    page = client.get("/papers/date/2025-06-14")
    assert "No papers on the list" in page.text and 'href="/papers/date/2025-06-12"' in page.text


def test_the_date_picker_redirects_to_the_day(client: TestClient) -> None:
    response = client.get("/papers/date", params={"date": "2025-06-12"})
    assert response.status_code == 303 and response.headers["location"] == "/papers/date/2025-06-12"


def test_malformed_periods_are_html_404s(client: TestClient) -> None:
    for path in ("/papers/date/2025-02-30", "/papers/week/W24", "/papers/month/june"):
        page = client.get(path, headers={"accept": "text/html"})
        assert page.status_code == 404 and "text/html" in page.headers["content-type"], path


def test_paper_page_shows_links_dates_and_bibtex(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(
        day=date(2025, 6, 12),
        project_page="https://example.org/project",
        github_repo="https://github.com/o/r",
        github_stars=5,
    )
    page = client.get(f"/papers/{arxiv_id}")
    assert page.status_code == 200
    text = page.text
    assert f"https://arxiv.org/abs/{arxiv_id}" in text and f"https://arxiv.org/pdf/{arxiv_id}" in text
    assert "https://example.org/project" in text and "o/r · ★ 5" in text
    assert "Added to the daily list" in text and 'href="/papers/date/2025-06-12"' in text
    assert f"eprint={{{arxiv_id}}}" in text


def test_a_versioned_paper_address_redirects_to_the_bare_id(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper()
    response = client.get(f"/papers/{arxiv_id}v2")
    assert response.status_code == 301 and response.headers["location"] == f"/papers/{arxiv_id}"


def test_unknown_paper_is_a_404_page(client: TestClient) -> None:
    page = client.get("/papers/2401.99999", headers={"accept": "text/html"})
    assert page.status_code == 404 and "2401.99999 is not indexed here yet" in page.text


def test_titles_and_authors_are_escaped(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 6, 12), title="<script>alert(1)</script>", authors=("<img src=x onerror=alert(1)>",))
    page = client.get("/papers/date/2025-06-12").text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_openapi_documents_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/daily_papers" in schema["paths"] and "/api/papers/{arxiv_id}" in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200


def test_the_api_docs_load_swagger_ui_from_this_site_not_a_cdn(client: TestClient) -> None:
    page = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources), sources
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200 and len(asset.content) > 1000, source


def test_imported_and_member_submitters_both_get_an_avatar_and_only_members_a_link(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    make_paper(day=date(2025, 6, 12), submitter="user-27ccc64b")
    page = client.get("/papers/date/2025-06-12").text
    assert re.search(
        r'<span class="submitter"><svg class="avatar [a-z]+"[^>]*>.*?>U2</text></svg>submitted by user-', page
    )
    assert 'href="/users/user-27ccc64b"' not in page
