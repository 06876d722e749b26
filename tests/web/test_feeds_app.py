"""Atom and RSS feeds of every list, parsed by feedparser: fields, absolute links, conditional GET, bad input."""

from collections.abc import Callable
from datetime import date

import feedparser
import pytest
from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services import collections as collections_service
from dailypapers.settings import Settings
from tests.factories import NOW, csrf_form

DAY = date(2025, 6, 12)
BASE = "https://papers.example.org"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"base_url": BASE})


@pytest.fixture
def listed(make_paper: Callable[..., str]) -> list[str]:
    """Two papers on DAY's list, one on the day before; the first has code and the most upvotes."""
    return [
        make_paper(
            day=DAY,
            upvotes=9,
            title="Sparse attention for long documents",
            abstract="Books, read whole, with a sparse mask over the tokens.",
            authors=("Ada Lovelace", "Charles Babbage"),
            categories=("cs.CL",),
            primary_category="cs.CL",
            github_repo="https://github.com/example/sparse",
        ),
        make_paper(
            day=DAY,
            upvotes=3,
            title="Attention sinks",
            abstract="The first token draws the heads.",
            authors=("Grace Hopper",),
            categories=("cs.LG",),
        ),
        make_paper(
            day=date(2025, 6, 11),
            upvotes=1,
            title="Robot grasping",
            abstract="Tactile sensing for grippers.",
            authors=("Alan Turing",),
            categories=("cs.RO",),
        ),
    ]


def abstract_of(client: TestClient, arxiv_id: str) -> str:
    summary: str = client.get(f"/api/papers/{arxiv_id}").json()["summary"]
    return summary


def parse(client: TestClient, path: str, *, kind: str) -> feedparser.FeedParserDict:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    expected = "application/atom+xml" if kind == "atom" else "application/rss+xml"
    assert response.headers["content-type"].startswith(expected)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == ("atom10" if kind == "atom" else "rss20")
    return parsed


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_the_daily_feed_has_every_field_of_each_paper(client: TestClient, listed: list[str], kind: str) -> None:
    parsed = parse(client, f"/feeds/daily.{kind}?date=2025-06-12", kind=kind)
    assert parsed.feed.title.startswith("Daily papers, 2025-06-12")
    assert parsed.feed.link == f"{BASE}/papers/date/2025-06-12"
    assert [entry.link for entry in parsed.entries] == [f"{BASE}/papers/{listed[0]}", f"{BASE}/papers/{listed[1]}"]
    first = parsed.entries[0]
    assert first.title == "Sparse attention for long documents"
    assert [author.name for author in first.authors] == ["Ada Lovelace", "Charles Babbage"]
    assert first.summary == abstract_of(client, listed[0])
    assert first.published_parsed is not None
    if kind == "atom":  # RSS items have one date, pubDate
        assert first.updated_parsed >= first.published_parsed
    content = first.content[0].value
    assert f"https://arxiv.org/abs/{listed[0]}" in content and "https://github.com/example/sparse" in content
    assert "9 upvotes" in content
    assert first.id == f"{BASE}/papers/{listed[0]}"
    assert [tag.term for tag in first.tags] == ["cs.CL"]
    if kind == "atom":
        related = {link.title: link.href for link in first.links if link.rel == "related"}
        assert related == {"arXiv": f"https://arxiv.org/abs/{listed[0]}", "Code": "https://github.com/example/sparse"}


def test_the_daily_feed_defaults_to_the_latest_day(client: TestClient, listed: list[str]) -> None:
    parsed = parse(client, "/feeds/daily.atom", kind="atom")
    assert len(parsed.entries) == 2 and parsed.feed.link == f"{BASE}/papers/date/2025-06-12"


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_every_public_list_has_a_valid_feed(client: TestClient, listed: list[str], kind: str) -> None:
    expected = {
        f"/feeds/week.{kind}?week=2025-W24": 3,
        f"/feeds/month.{kind}?month=2025-06": 3,
        f"/feeds/month.{kind}": 3,
        f"/feeds/trending.{kind}?window=30": 3,
        f"/feeds/search.{kind}?q=attention&mode=keyword": 2,
        f"/feeds/search.{kind}?q=attention&mode=keyword&category=cs.LG": 1,
        f"/feeds/author.{kind}?key=grace-hopper": 1,
        f"/feeds/category.{kind}?category=cs.CL": 1,
        f"/feeds/category.{kind}?category=math.AG": 0,
    }
    for path, count in expected.items():
        parsed = parse(client, path, kind=kind)
        assert len(parsed.entries) == count, path
        assert parsed.feed.title and parsed.feed.link.startswith(BASE), path


def test_conditional_get_answers_304_until_the_list_changes(
    client: TestClient, listed: list[str], sign_in: Callable[..., User]
) -> None:
    first = client.get("/feeds/daily.atom?date=2025-06-12")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.headers["cache-control"] == "public, max-age=600"
    again = client.get("/feeds/daily.atom?date=2025-06-12")
    assert again.headers["etag"] == etag and again.content == first.content
    unchanged = client.get("/feeds/daily.atom?date=2025-06-12", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged.headers["etag"] == etag
    assert client.get("/feeds/daily.atom?date=2025-06-12", headers={"If-Modified-Since": modified}).status_code == 304
    older = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get("/feeds/daily.atom?date=2025-06-12", headers={"If-Modified-Since": older}).status_code == 200
    # If-None-Match decides when both are sent (RFC 9110): a stale tag gets the body whatever the date says.
    both = {"If-None-Match": '"stale"', "If-Modified-Since": modified}
    assert client.get("/feeds/daily.atom?date=2025-06-12", headers=both).status_code == 200
    sign_in()
    client.post(f"/papers/{listed[1]}/vote", data=csrf_form(client, vote="up"))
    changed = client.get("/feeds/daily.atom?date=2025-06-12", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_bad_feed_requests_get_problems_never_a_500(client: TestClient, listed: list[str]) -> None:
    for path, status in (
        ("/feeds/daily.atom?date=2025-13-45", 422),
        ("/feeds/week.rss?week=last-week", 422),
        ("/feeds/daily.json", 422),
        ("/feeds/search.atom?q=", 422),
        ("/feeds/search.atom?q=%20%20", 422),
        ("/feeds/search.rss?q=x&has_code=maybe", 422),
        ("/feeds/trending.atom?window=0", 422),
        ("/feeds/private/x.y/saved-searches/abc.atom", 422),
        ("/feeds/search.atom?q=x&from=yesterday", 422),
        ("/feeds/author.atom?key=nobody-at-all", 404),
        ("/feeds/category.atom?category=not a category", 404),
        ("/feeds/private/not-a-token/saved-searches/1.atom", 404),
    ):
        response = client.get(path, headers={"Accept": "*/*"})
        assert response.status_code == status, path
        assert response.headers["content-type"] == "application/problem+json", path


def test_pages_with_a_feed_link_it(client: TestClient, listed: list[str]) -> None:
    pages = {
        "/papers/date/2025-06-12": "/feeds/daily.atom?date=2025-06-12",
        "/papers/week/2025-W24": "/feeds/week.atom?week=2025-W24",
        "/papers/trending": "/feeds/trending.atom",
        "/papers?q=attention&mode=keyword": "/feeds/search.atom?q=attention&amp;mode=keyword",
        "/authors/grace-hopper": "/feeds/author.atom?key=grace-hopper",
        "/categories/cs.CL": "/feeds/category.atom?category=cs.CL",
    }
    for page, feed in pages.items():
        html = client.get(page).text
        assert '<link rel="alternate" type="application/atom+xml"' in html and f'href="{BASE}{feed}"' in html, page
        assert f'class="feed-icon" href="{feed}"' in html, page


def test_a_saved_search_feed_reads_with_the_token_until_it_is_revoked(
    client: TestClient, listed: list[str], sign_in: Callable[..., User]
) -> None:
    member = sign_in()
    params = {"q": "attention", "mode": "keyword", "category": "cs.LG"}
    client.post("/saved-searches", data=csrf_form(client, **params))
    saved_id = client.get("/api/v1/me/saved-searches").json()[0]["id"]
    assert "/feeds/private/" not in client.get("/following").text  # no token yet
    assert client.post("/account/feed-token", data=csrf_form(client)).status_code == 303
    following = client.get("/following").text
    start = following.index("/feeds/private/")
    atom_path = following[start : following.index('"', start)]
    assert atom_path.endswith(f"/saved-searches/{saved_id}.atom")
    client.cookies.clear()  # a feed reader has no session
    for kind in ("atom", "rss"):
        parsed = parse(client, atom_path.removesuffix(".atom") + f".{kind}", kind=kind)
        assert [entry.title for entry in parsed.entries] == ["Attention sinks"]
    private = client.get(atom_path)
    assert private.headers["cache-control"] == "private, max-age=600"
    other_id = atom_path.replace(f"/{saved_id}.atom", f"/{saved_id + 1000}.atom")
    assert client.get(other_id).status_code == 404
    sign_in(user=member)
    assert "Make new links" in client.get("/account").text
    client.post("/account/feed-token/revoke", data=csrf_form(client))
    client.cookies.clear()
    assert client.get(atom_path).status_code == 404


def test_a_public_collection_has_a_feed_in_its_owners_order_and_a_private_one_none(
    client: TestClient, db: Database, listed: list[str], make_user: Callable[..., User]
) -> None:
    ada = make_user(username="ada")
    public = collections_service.create_collection(db, user_id=ada.id, title="Reading group", now=NOW)
    secret = collections_service.create_collection(db, user_id=ada.id, title="Secret", private=True, now=NOW)
    for arxiv_id in (listed[2], listed[0]):
        for collection in (public, secret):
            collections_service.add_paper(db, collection_id=collection.id, user_id=ada.id, arxiv_id=arxiv_id, now=NOW)
    page = client.get(f"/collections/ada/{public.slug}")
    assert f'href="{BASE}/feeds/collections/ada/{public.slug}.atom"' in page.text
    for kind in ("atom", "rss"):
        response = client.get(f"/feeds/collections/ada/{public.slug}.{kind}")
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo and parsed.feed.title == "Reading group · dailypapers"
        assert [entry.title for entry in parsed.entries] == ["Robot grasping", "Sparse attention for long documents"]
        assert parsed.entries[1].link == f"{BASE}/papers/{listed[0]}"
    assert client.get(f"/feeds/collections/ada/{secret.slug}.atom").status_code == 404
    assert "feeds/collections" not in client.get(f"/collections/ada/{secret.slug}").text
    assert client.get("/feeds/collections/ada/no-such-list.atom").status_code == 404
