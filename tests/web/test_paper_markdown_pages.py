"""`/papers/<id>.md`: the paper page as Markdown, what `hf papers read` fetches."""

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from dailypapers.settings import Settings


def test_markdown_holds_the_papers_facts_links_and_days(
    client: TestClient, settings: Settings, make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(
        day=date(2025, 6, 12),
        upvotes=7,
        comments=2,
        github_repo="https://github.com/owner/repo",
        github_stars=1234,
        project_page="https://example.org/project",
    )
    paper = client.get(f"/api/papers/{arxiv_id}").json()
    response = client.get(f"/papers/{arxiv_id}.md")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    text = response.text
    assert text.startswith(f"# {' '.join(paper['title'].split())}\n")
    assert ", ".join(author["name"] for author in paper["authors"]) in text
    assert f"**Published:** {paper['publishedAt'][:10]}" in text
    assert f"(https://arxiv.org/abs/{arxiv_id})" in text and f"(https://arxiv.org/pdf/{arxiv_id})" in text
    assert "**Code:** <https://github.com/owner/repo> (1,234 stars)" in text
    assert "**Project page:** <https://example.org/project>" in text
    assert "**Upvotes:** 7 · **Comments:** 2" in text
    assert f"## Abstract\n\n{paper['summary'].strip()}\n" in text
    assert f"- [2025-06-12]({settings.base_url}/papers/date/2025-06-12" in text


def test_a_version_suffix_reads_the_same_paper(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper()
    bare = client.get(f"/papers/{arxiv_id}.md")
    versioned = client.get(f"/papers/{arxiv_id}v3.md", follow_redirects=False)
    assert versioned.status_code == 200 and versioned.text == bare.text
    assert "## On the daily list" not in bare.text


def test_an_old_style_id_is_read_too(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(arxiv_id="cs/0112017")
    assert client.get("/papers/cs/0112017.md").text.count("(https://arxiv.org/abs/cs/0112017)") == 1


def test_an_unknown_paper_is_a_404_problem_even_for_a_client_that_accepts_anything(client: TestClient) -> None:
    for path in ("/papers/2401.99999.md", "/papers/not-an-id.md"):
        response = client.get(path, headers={"accept": "*/*"})
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 404


def test_the_html_page_is_still_served_beside_it(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper()
    page = client.get(f"/papers/{arxiv_id}", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
