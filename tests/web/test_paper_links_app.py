"""The code link form on the paper page and `PATCH /api/v1/papers/{id}/links`."""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services.code_stars import refresh_stars
from dailypapers.settings import Settings
from dailypapers.sources.github_api import GithubClient
from tests.factories import FakeClock, csrf_form
from tests.fakes.github_server import FakeGithub

Headers = Callable[..., dict[str, str]]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "var", database_url="sqlite://", arxiv_lookups=False)  # type: ignore[call-arg]


def test_a_curator_edits_links_on_the_page_and_a_bad_one_re_renders_with_the_message(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(github_repo="https://github.com/old/repo", project_page=None)
    sign_in(role="curator")
    page = client.get(f"/papers/{arxiv_id}").text
    assert "Edit the code link and project page" in page and 'value="https://github.com/old/repo"' in page

    bad = client.post(
        f"/papers/{arxiv_id}/links",
        data=csrf_form(client, github_repo="https://example.org/new/repo", project_page="http://site.org"),
    )
    assert bad.status_code == 422
    assert "a code link points to a repository on github.com" in bad.text
    assert "a project page link is an https:// address" in bad.text
    assert 'value="https://example.org/new/repo"' in bad.text  # what was typed is kept
    assert client.get(f"/api/v1/papers/{arxiv_id}/links").json()["github_repo"] == "https://github.com/old/repo"

    good = client.post(
        f"/papers/{arxiv_id}/links",
        data=csrf_form(client, github_repo="https://github.com/new/repo/", project_page="https://new.org/"),
        follow_redirects=False,
    )
    assert good.status_code == 303 and good.headers["location"] == f"/papers/{arxiv_id}#links"
    page = client.get(f"/papers/{arxiv_id}").text
    assert 'href="https://github.com/new/repo"' in page and 'href="https://new.org/"' in page


def test_members_see_no_form_and_cannot_post_it(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(github_repo="https://github.com/old/repo")
    assert "Edit the code link" not in client.get(f"/papers/{arxiv_id}").text
    sign_in()
    assert "Edit the code link" not in client.get(f"/papers/{arxiv_id}").text
    refused = client.post(f"/papers/{arxiv_id}/links", data=csrf_form(client, github_repo="", project_page=""))
    assert refused.status_code == 403


def test_the_api_patches_only_the_fields_sent_and_logs_each_change(
    client: TestClient, api_headers: Headers, make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(github_repo="https://github.com/old/repo", project_page="https://keep.org")
    curator = api_headers(role="curator", username="cura")
    answer = client.patch(
        f"/api/v1/papers/{arxiv_id}/links", json={"github_repo": "https://gitlab.com/g/sub/p"}, headers=curator
    )
    assert answer.status_code == 200
    body = answer.json()
    assert (body["github_repo"], body["project_page"]) == ("https://gitlab.com/g/sub/p", "https://keep.org")
    assert [(c["field"], c["old_value"], c["actor"]["username"]) for c in body["changes"]] == [
        ("github_repo", "https://github.com/old/repo", "cura")
    ]
    assert client.get(f"/api/papers/{arxiv_id}").json()["githubRepo"] == "https://gitlab.com/g/sub/p"


def test_the_api_answers_bad_input_and_strangers_with_problems(
    client: TestClient, api_headers: Headers, make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper()
    url = f"/api/v1/papers/{arxiv_id}/links"
    assert client.patch(url, json={"github_repo": None}).status_code == 401
    member = client.patch(url, json={"github_repo": None}, headers=api_headers())
    assert member.status_code == 403 and member.headers["content-type"] == "application/problem+json"
    bad = client.patch(url, json={"github_repo": "ftp://x"}, headers=api_headers(role="curator"))
    assert bad.status_code == 422 and "https://" in bad.text
    missing = client.patch("/api/v1/papers/2501.99999/links", json={}, headers=api_headers(role="curator"))
    assert missing.status_code == 404
    assert (
        client.patch("/api/v1/papers/not-an-id/links", json={}, headers=api_headers(role="curator")).status_code == 404
    )


def test_the_paper_page_shows_stars_and_what_they_gained(
    client: TestClient, db: Database, clock: FakeClock, make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(github_repo="https://github.com/org/rising", github_stars=None)
    with FakeGithub() as github, GithubClient(github.base_url) as api:
        repo = github.add("org/rising", stars=1200)
        refresh_stars(db, api, clock=lambda: clock.now - timedelta(days=8))
        repo.stars = 1534
        refresh_stars(db, api, clock=lambda: clock.now)
    page = client.get(f"/papers/{arxiv_id}").text
    assert "★ 1534" in page
    assert "<dt>GitHub stars gained</dt><dd>+334 in 7 days</dd>" in page
