"""The stars refresh against a local GitHub API: ETags, renamed and deleted repositories, the rate limits."""

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from dailypapers.db.engine import Database
from dailypapers.db.schema import code_repo_stars, code_repos
from dailypapers.services.code_stars import get_stars_gained, refresh_stars
from dailypapers.services.paper_links import get_paper_links
from dailypapers.services.papers import require_paper
from dailypapers.sources.github_api import GithubClient
from tests.factories import NOW
from tests.fakes.github_server import SECONDARY_LIMIT_MESSAGE, FakeGithub, Scripted


@pytest.fixture
def github() -> Iterator[FakeGithub]:
    with FakeGithub() as fake:
        yield fake


@pytest.fixture
def client(github: FakeGithub) -> Iterator[GithubClient]:
    with GithubClient(github.base_url, token="ghp_test") as client:
        yield client


def test_stars_reach_the_papers_and_an_unchanged_repository_costs_nothing(
    db: Database, github: FakeGithub, client: GithubClient, make_paper: Callable[..., str]
) -> None:
    github.add("org/model", stars=120)
    first = make_paper(github_repo="https://github.com/org/model", github_stars=None)
    second = make_paper(github_repo="https://github.com/org/model", github_stars=3)
    report = refresh_stars(db, client, clock=lambda: NOW)
    assert (report.checked, report.changed, report.papers_updated) == (1, 1, 2)
    assert require_paper(db, arxiv_id=first).github_stars == 120 == require_paper(db, arxiv_id=second).github_stars
    assert github.requests[0].headers["authorization"] == "Bearer ghp_test"

    spent = github.remaining
    again = refresh_stars(db, client, clock=lambda: NOW + timedelta(days=1))
    assert (again.checked, again.unchanged) == (1, 1)
    assert github.requests[-1].headers["if-none-match"].startswith('W/"')
    assert github.remaining == spent  # the 304 was free
    with db.reading() as connection:
        days = connection.execute(select(code_repo_stars.c.day, code_repo_stars.c.stars)).all()
    assert sorted(days) == [(NOW.date(), 120), (NOW.date() + timedelta(days=1), 120)]


def test_stars_gained_over_a_week_and_a_month(
    db: Database, github: FakeGithub, client: GithubClient, make_paper: Callable[..., str]
) -> None:
    repo = github.add("org/rising", stars=100)
    make_paper(github_repo="https://github.com/org/rising")
    url = "https://github.com/org/rising"
    for day, stars in ((0, 100), (24, 150), (31, 190)):
        repo.stars = stars
        refresh_stars(db, client, clock=lambda day=day: NOW + timedelta(days=day))
    gained = get_stars_gained(db, url=url, now=NOW + timedelta(days=31))
    assert gained is not None and (gained.week, gained.month) == (40, 90)
    early = get_stars_gained(db, url=url, now=NOW + timedelta(days=3))
    assert early is not None and (early.week, early.month) == (None, None)
    assert get_stars_gained(db, url="https://gitlab.com/a/b", now=NOW) is None


def test_a_renamed_repository_is_followed_and_the_papers_link_changes_with_a_log_entry(
    db: Database, github: FakeGithub, client: GithubClient, make_paper: Callable[..., str]
) -> None:
    repo = github.add("old-org/tool", stars=50)
    arxiv_id = make_paper(github_repo="https://github.com/old-org/tool")
    refresh_stars(db, client, clock=lambda: NOW)
    github.rename(repo, "new-org/tool-v2")
    report = refresh_stars(db, client, clock=lambda: NOW + timedelta(days=1))
    assert report.moved == 1
    assert "if-none-match" not in github.requests[-1].headers  # the new name is only in a full answer
    assert [request.path for request in github.requests[-2:]] == ["/repos/old-org/tool", f"/repositories/{repo.id}"]
    links = get_paper_links(db, arxiv_id=arxiv_id)
    assert links.paper.github_repo == "https://github.com/new-org/tool-v2" and links.paper.github_stars == 50
    assert links.changes[0].reason == "moved on GitHub from https://github.com/old-org/tool"
    assert links.changes[0].actor is None
    with db.reading() as connection:
        moved = connection.execute(select(code_repos.c.moved_to).where(code_repos.c.url.contains("old-org"))).scalar()
    assert moved == "https://github.com/new-org/tool-v2"


def test_a_deleted_repository_is_recorded_and_not_asked_again(
    db: Database, github: FakeGithub, client: GithubClient, make_paper: Callable[..., str]
) -> None:
    repo = github.add("org/gone", stars=9)
    arxiv_id = make_paper(github_repo="https://github.com/org/gone")
    refresh_stars(db, client, clock=lambda: NOW)
    github.delete(repo)
    assert refresh_stars(db, client, clock=lambda: NOW + timedelta(days=1)).gone == 1
    assert require_paper(db, arxiv_id=arxiv_id).github_stars == 9  # the last count stays
    asked = len(github.requests)
    assert refresh_stars(db, client, clock=lambda: NOW + timedelta(days=2)).checked == 0
    assert len(github.requests) == asked


def test_a_spent_hourly_limit_stops_the_run_and_the_next_resumes(
    db: Database, github: FakeGithub, client: GithubClient, make_paper: Callable[..., str]
) -> None:
    for number in range(4):
        github.add(f"org/repo{number}", stars=number)
        make_paper(github_repo=f"https://github.com/org/repo{number}")
    github.remaining = 2
    report = refresh_stars(db, client, clock=lambda: NOW)
    assert report.checked == 2 and report.stopped and "hourly limit" in report.stopped
    assert len(github.requests) == 2  # the budget said 0: no request was wasted on a certain 403
    assert refresh_stars(db, client, clock=lambda: NOW).checked == 0  # the client remembers until the reset
    github.remaining = 60
    with GithubClient(github.base_url) as next_process:
        rest = refresh_stars(db, next_process, clock=lambda: NOW, checked_before=NOW)
    assert rest.checked == 2  # only those not checked yet


def test_a_secondary_limit_is_waited_out_once_when_short_and_ends_the_run_when_long(
    db: Database, github: FakeGithub, client: GithubClient, make_paper: Callable[..., str]
) -> None:
    github.add("org/a", stars=1)
    github.add("org/b", stars=2)
    make_paper(github_repo="https://github.com/org/a")
    make_paper(github_repo="https://github.com/org/b")
    body = {"message": SECONDARY_LIMIT_MESSAGE, "documentation_url": "https://docs.github.com/rest"}
    github.script(Scripted(403, body, (("Retry-After", "7"),)))
    slept: list[float] = []
    report = refresh_stars(db, client, clock=lambda: NOW, sleep=slept.append)
    assert slept == [7.0] and report.checked == 2

    github.script(Scripted(429, body, (("Retry-After", "3600"),)))
    later = refresh_stars(db, client, clock=lambda: NOW + timedelta(days=1), sleep=slept.append)
    assert later.checked == 0 and later.stopped and "3600" in later.stopped
    assert slept == [7.0]


def test_a_secondary_limit_without_retry_after_waits_a_minute(
    db: Database, github: FakeGithub, client: GithubClient, make_paper: Callable[..., str]
) -> None:
    github.add("org/a", stars=1)
    make_paper(github_repo="https://github.com/org/a")
    github.script(Scripted(403, {"message": SECONDARY_LIMIT_MESSAGE}))
    slept: list[float] = []
    assert refresh_stars(db, client, clock=lambda: NOW, sleep=slept.append).checked == 1
    assert slept == [60.0]


def test_gitlab_and_spaces_are_not_asked_and_server_errors_are_counted(
    db: Database, github: FakeGithub, client: GithubClient, make_paper: Callable[..., str]
) -> None:
    make_paper(github_repo="https://gitlab.com/group/project")
    make_paper(github_repo="https://github.com/org/flaky")
    github.add("org/flaky", stars=5)
    github.script(Scripted(502, {"message": "Server Error"}))
    report = refresh_stars(db, client, clock=lambda: NOW)
    assert (report.checked, report.failed) == (0, 1)
    assert [request.path for request in github.requests] == ["/repos/org/flaky"]
