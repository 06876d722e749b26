"""`/papers/trending` and `sort=trending` in the API: ranked, explained, and useful when the window is empty."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from tests.factories import NOW, FakeClock, csrf_headers


def test_the_header_links_to_trending_and_the_page_explains_each_paper(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    make_paper(day=date(2025, 6, 11), title="Yesterday's hit", upvotes=40)
    page = client.get("/")
    assert '<a href="/papers/trending">Trending</a>' in page.text
    page = client.get("/papers/trending")
    assert page.status_code == 200 and "Yesterday&#39;s hit" in page.text
    assert "Why is this here?" in page.text and "upvotes brought from outside" in page.text
    assert "halves every 24 hours" in page.text and "No paper joined a list" not in page.text


def test_a_fresh_vote_moves_a_paper_up(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    older = make_paper(day=date(2025, 6, 10), title="Older", upvotes=6)  # 6 · 2^(-49/24) ≈ 1.46
    newer = make_paper(day=date(2025, 6, 12), title="Newer", upvotes=1)
    listed = client.get("/api/daily_papers", params={"sort": "trending"}).json()
    assert [item["paper"]["id"] for item in listed] == [older, newer]
    sign_in()
    client.put(f"/api/v1/papers/{newer}/vote", headers=csrf_headers(client))
    listed = client.get("/api/daily_papers", params={"sort": "trending"}).json()
    assert [item["paper"]["id"] for item in listed] == [newer, older]
    assert listed[0]["trendingScore"] == pytest.approx(1 + 0.5 ** (1 / 24))


def test_an_empty_window_falls_back_with_a_note(
    client: TestClient, make_paper: Callable[..., str], clock: FakeClock
) -> None:
    make_paper(day=date(2025, 6, 12), title="Last paper", upvotes=2, added_at=datetime(2025, 6, 12, 7, 50, tzinfo=UTC))
    clock.advance(days=90)
    page = client.get("/papers/trending").text
    assert "No paper joined a list in the 7 days up to 10 Sep 2025" in page
    assert "latest addition, 12 Jun 2025, 07:50 UTC" in page and "Last paper" in page
    assert client.get("/api/daily_papers", params={"sort": "trending"}).json()[0]["paper"]["title"] == "Last paper"


def test_window_and_date_choose_what_is_ranked(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(day=date(2025, 6, 5), title="Last week", upvotes=50)
    make_paper(day=date(2025, 6, 12), title="Today", upvotes=1)
    assert "Last week" not in client.get("/papers/trending", params={"window": 3}).text
    assert "Last week" in client.get("/papers/trending", params={"window": 30}).text
    page = client.get("/papers/trending", params={"date": "2025-06-06", "window": 3}).text
    assert "Last week" in page and ">Today<" not in page and "As of 7 Jun 2025, 00:00 UTC" in page


@pytest.mark.parametrize("params", [{"window": "0"}, {"window": "91"}, {"window": "week"}, {"date": "2025-13-01"}])
def test_bad_parameters_are_422(client: TestClient, params: dict[str, str]) -> None:
    assert client.get("/papers/trending", params=params, headers={"accept": "text/html"}).status_code == 422
    if "window" in params:
        response = client.get("/api/daily_papers", params={"sort": "trending", **params})
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"


def test_pages_of_trending_link_to_each_other(
    client: TestClient, make_paper: Callable[..., str], settings: object
) -> None:
    settings.page_size = 2  # type: ignore[attr-defined]
    for upvotes in (5, 4, 3):
        make_paper(day=NOW.date() - timedelta(days=1), upvotes=upvotes)
    first = client.get("/papers/trending").text
    assert 'href="/papers/trending?window=7&amp;page=2"' in first
    second = client.get("/papers/trending", params={"page": 2}).text
    assert second.count('class="card"') == 1 and "← Previous page" in second


def test_trending_keeps_each_entry_s_member_submitter_on_page_and_api(
    client: TestClient, api_headers: Callable[..., dict[str, str]], make_paper: Callable[..., str]
) -> None:
    headers = api_headers(username="ada", display_name="Ada L.")
    arxiv_id = make_paper(published_at=NOW - timedelta(days=2))
    assert client.post("/api/v1/submissions", json={"arxiv_id": arxiv_id}, headers=headers).status_code == 201
    [item] = client.get("/api/daily_papers", params={"date": "2025-06-12", "sort": "trending"}).json()
    assert item["submittedBy"] == {"name": "ada", "fullname": "Ada L.", "type": "user", "user": "ada"}
    page = client.get("/papers/trending")
    assert 'submitted by <a href="/users/ada">Ada L.</a>' in page.text


def test_sorting_a_day_by_trending_keeps_every_paper_including_those_without_votes(
    client: TestClient, make_paper: Callable[..., str], clock: FakeClock
) -> None:
    voted = make_paper(day=date(2025, 6, 10), upvotes=3)
    unvoted = [make_paper(day=date(2025, 6, 10)) for _ in range(2)]
    late = make_paper(day=date(2025, 6, 10), upvotes=9, added_at=datetime(2025, 6, 11, 14, tzinfo=UTC))
    quiet_day = [make_paper(day=date(2025, 6, 11)) for _ in range(2)]
    for day, expected in (("2025-06-10", {voted, late, *unvoted}), ("2025-06-11", set(quiet_day))):
        by_time = client.get("/api/daily_papers", params={"date": day}).json()
        by_score = client.get("/api/daily_papers", params={"date": day, "sort": "trending"}).json()
        assert {item["paper"]["id"] for item in by_time} == {item["paper"]["id"] for item in by_score} == expected
    ranked = client.get("/api/daily_papers", params={"date": "2025-06-10", "sort": "trending"}).json()
    assert {item["paper"]["id"] for item in ranked[2:]} == set(unvoted)  # no score yet: last, but listed
