"""The GitHub client's reading of GitHub's answers, against a local server speaking GitHub's format."""

from collections.abc import Iterator

import pytest

from dailypapers.sources.github_api import GithubClient, GithubError, GithubRateLimited, RepoFound, RepoGone
from tests.fakes.github_server import FakeGithub, Scripted


@pytest.fixture
def github() -> Iterator[FakeGithub]:
    with FakeGithub() as fake:
        yield fake


def test_a_repository_answers_with_its_stars_etag_and_the_budget(github: FakeGithub) -> None:
    github.add("Org/Model", stars=77)
    with GithubClient(github.base_url) as client:
        found = client.get_repository("org/model")
        assert isinstance(found, RepoFound) and (found.full_name, found.stars) == ("Org/Model", 77)
        assert client.budget is not None and client.budget.remaining == 59
    headers = github.requests[0].headers
    assert headers["accept"] == "application/vnd.github+json" and "authorization" not in headers


def test_a_redirect_to_another_host_is_not_followed(github: FakeGithub) -> None:
    github.script(Scripted(301, {"message": "Moved Permanently"}, (("Location", "https://elsewhere.example/x"),)))
    with GithubClient(github.base_url, token="secret") as client, pytest.raises(GithubError, match="another host"):
        client.get_repository("org/model")
    assert len(github.requests) == 1


def test_a_primary_limit_says_until_when(github: FakeGithub) -> None:
    github.remaining = 0
    with GithubClient(github.base_url) as client, pytest.raises(GithubRateLimited) as error:
        client.get_repository("org/model")
    assert error.value.primary and 3500 < error.value.wait <= 3600


def test_odd_answers_are_errors_not_crashes(github: FakeGithub) -> None:
    github.script(
        Scripted(200, {"full_name": "org/x"}),  # no stargazers_count
        Scripted(403, {"message": "Resource protected by organization SAML enforcement."}),
        Scripted(451, {"message": "Repository access blocked"}),
    )
    with GithubClient(github.base_url) as client:
        with pytest.raises(GithubError, match="not a repository"):
            client.get_repository("org/x")
        with pytest.raises(GithubError, match="refused access") as refused:
            client.get_repository("org/x")
        assert not isinstance(refused.value, GithubRateLimited)
        assert client.get_repository("org/x") == RepoGone(451)
