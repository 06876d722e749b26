"""For you on the web: `GET /api/v1/me/for-you` (daily-list items with reasons, problems for bad input) and the
`/for-you` page (cards with their reasons, the filter, the empty state that says how to start)."""

from collections.abc import Callable

import feedparser
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.domain.users import User
from tests.factories import csrf_form
from tests.for_you_fixtures import Signals

API = "/api/v1/me/for-you"


def test_the_api_answers_daily_list_items_with_their_reasons(
    db: Database,
    client: TestClient,
    corpus: dict[str, str],
    make_user: Callable[..., User],
    api_headers: Callable[..., dict[str, str]],
) -> None:
    member = make_user()
    Signals(db, member.id).upvote("2506.00001")
    Signals(db, member.id).follow("category", "cs.RO")
    response = client.get(API, headers=api_headers(user=member), params={"limit": 2})
    assert response.status_code == 200
    items = response.json()
    assert len(items) == 2 and 'rel="next"' in response.headers["link"]
    first = items[0]
    assert {"paper", "publishedAt", "title", "summary", "numComments", "submittedBy", "githubRepo"} <= set(first)
    assert first["paper"]["id"] in {"2506.00002", "2506.00006"}
    assert first["reasons"][0] == {
        "kind": "upvoted",
        "label": "2506.00001",
        "text": "Like 2506.00001 you upvoted",
        "weight": first["reasons"][0]["weight"],
    }
    everything = client.get(API, headers=api_headers(user=member)).json()
    robot = next(item for item in everything if item["paper"]["id"] == "2506.00005")
    assert "cs.RO" in [reason["text"] for reason in robot["reasons"]]
    assert "2506.00001" not in [item["paper"]["id"] for item in everything]


def test_the_api_needs_a_member_and_refuses_bad_parameters_with_problems(
    client: TestClient, api_headers: Callable[..., dict[str, str]]
) -> None:
    assert client.get(API).status_code == 401
    headers = api_headers()
    bad = [
        {"from": "2025-13-01"},
        {"to": "0"},
        {"from": "2025-06-10", "to": "2025-06-01"},
        {"limit": "501"},
        {"p": "-1"},
    ]
    for params in bad:
        response = client.get(API, headers=headers, params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"
    assert client.get(API, headers=headers).json() == []


def test_the_page_shows_cards_with_reasons_and_the_filter(
    db: Database, client: TestClient, corpus: dict[str, str], sign_in: Callable[..., User]
) -> None:
    member = sign_in()
    Signals(db, member.id).upvote("2506.00001")
    page = client.get(urls.for_you_path())
    assert page.status_code == 200
    assert '<a class="reason" href="/papers/2506.00001">Like 2506.00001 you upvoted</a>' in page.text
    assert corpus["2506.00002"] in page.text and corpus["2506.00001"] not in page.text
    assert 'name="daily_only"' in page.text and 'name="from"' in page.text
    assert f'href="{urls.for_you_path()}">For you</a>' in page.text


def test_the_page_tells_a_new_member_how_to_start_and_rejects_a_bad_date(
    client: TestClient, sign_in: Callable[..., User]
) -> None:
    sign_in()
    page = client.get(urls.for_you_path())
    assert page.status_code == 200
    assert "Nothing to go on yet" in page.text and "claim your own papers" in page.text
    bad = client.get("/for-you", params={"from": "12/06/2025"})
    assert bad.status_code == 422 and "is not a date" in bad.text


def test_visitors_are_sent_to_sign_in(client: TestClient) -> None:
    response = client.get(urls.for_you_path())
    assert response.status_code in (303, 401)
    assert "For you</a>" not in client.get("/").text


def test_for_you_is_a_private_feed_read_with_the_members_token(
    db: Database, client: TestClient, corpus: dict[str, str], sign_in: Callable[..., User]
) -> None:
    member = sign_in()
    Signals(db, member.id).upvote("2506.00001")
    assert "/for-you.atom" not in client.get("/account").text  # no token yet
    assert client.post("/account/feed-token", data=csrf_form(client)).status_code == 303
    account = client.get("/account").text
    start = account.index("/feeds/private/")
    atom_path = account[start : account.index('"', start)]
    assert atom_path.endswith("/for-you.atom")
    client.cookies.clear()  # a feed reader has no session
    for kind in ("atom", "rss"):
        response = client.get(atom_path.removesuffix(".atom") + f".{kind}")
        assert response.status_code == 200 and response.headers["cache-control"].startswith("private")
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo
        links = [entry.link for entry in parsed.entries]
        assert any(link.endswith("/papers/2506.00002") for link in links)
        assert not any(link.endswith("/papers/2506.00001") for link in links)  # upvoted already: left out
    sign_in(user=member)
    client.post("/account/feed-token/revoke", data=csrf_form(client))
    client.cookies.clear()
    assert client.get(atom_path).status_code == 404
