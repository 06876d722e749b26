"""Looking papers up in the arXiv API: what comes back, and "not found" kept apart from failure."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from dailypapers import __version__
from dailypapers.domain.arxiv_ids import InvalidArxivId
from dailypapers.sources.arxiv_api import ArxivBadFeed, ArxivUnavailable
from dailypapers.sources.arxiv_atom import ATOM, parse_feed
from dailypapers.sources.fields import clean_text
from dailypapers.sources.retries import RetryPolicy
from tests.fakes.arxiv_feed import FakePaper
from tests.fakes.arxiv_fixtures import MakeArxivClient
from tests.fakes.arxiv_server import FakeArxiv, Scripted

RECORDED = Path(__file__).resolve().parent.parent / "fixtures" / "arxiv_api"
PAPER_ID = "2205.03569"


def assert_matches_row(paper: Any, row: dict[str, Any]) -> None:
    assert paper.arxiv_id == row["id"]
    assert paper.version == 1
    assert paper.title == row["title"]
    assert paper.abstract == row["abstract"]
    assert paper.authors == tuple(row["authors"])
    assert paper.categories == tuple(row["categories"])
    assert paper.primary_category == row["primary_category"]
    assert paper.comment == (clean_text(row["comment"]) if row["comment"] else None)
    listed = date.fromisoformat(row["first_listed"])
    assert paper.published_at == datetime(listed.year, listed.month, listed.day, tzinfo=UTC)
    assert paper.arxiv_updated_at == paper.published_at


def test_found_paper_matches_its_fixture_row(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    paper = make_arxiv_client().fetch_paper(PAPER_ID)

    assert paper is not None
    assert_matches_row(paper, arxiv_rows[PAPER_ID])
    assert (paper.journal_ref, paper.doi) == (None, None)
    [request] = fake_arxiv.requests
    assert request.path == "/api/query"
    assert request.params == {"id_list": PAPER_ID, "max_results": "1"}


def test_every_fixture_paper_reads_back_as_listed(fake_arxiv: FakeArxiv, arxiv_rows: dict[str, dict[str, Any]]) -> None:
    # One feed of all 500 rows through the parser; a request per paper would take the suite 20 s.
    status, body = fake_arxiv.answer({"id_list": ",".join(arxiv_rows), "max_results": str(len(arxiv_rows))})

    assert status == 200
    found = {paper.arxiv_id: paper for paper in parse_feed(body).papers}
    assert found.keys() == arxiv_rows.keys()
    for arxiv_id, row in arxiv_rows.items():
        assert_matches_row(found[arxiv_id], row)


def test_journal_ref_and_doi_are_read(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    fake_arxiv.add(
        FakePaper.from_row(arxiv_rows[PAPER_ID], journal_ref="Test Journal 1 (2022) 1-10", doi="10.0000/test.1")
    )

    paper = make_arxiv_client().fetch_paper(PAPER_ID)

    assert paper is not None
    assert (paper.journal_ref, paper.doi) == ("Test Journal 1 (2022) 1-10", "10.0000/test.1")


def test_versioned_id_returns_that_version(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    submitted = tuple(datetime(2022, month, 7, 6, 11, 45, tzinfo=UTC) for month in (5, 6, 9))
    fake_arxiv.add(FakePaper.from_row(arxiv_rows[PAPER_ID], versions=submitted))
    client = make_arxiv_client()

    second = client.fetch_paper(f"https://arxiv.org/abs/{PAPER_ID}v2")
    latest = client.fetch_paper(PAPER_ID)

    assert second is not None and latest is not None
    assert (second.arxiv_id, second.version) == (PAPER_ID, 2)
    assert (second.published_at, second.arxiv_updated_at) == (submitted[0], submitted[1])
    assert (latest.version, latest.arxiv_updated_at) == (3, submitted[2])
    assert [request.params["id_list"] for request in fake_arxiv.requests] == [f"{PAPER_ID}v2", PAPER_ID]


def test_old_style_id_is_found(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    # The fixture holds only new-style ids, so a real paper's metadata stands in under an old-style one.
    row = arxiv_rows[PAPER_ID]
    fake_arxiv.add(FakePaper.from_row(row, arxiv_id="cs/0112017"))

    paper = make_arxiv_client().fetch_paper("arXiv:cs.AI/0112017v1")

    assert paper is not None
    assert (paper.arxiv_id, paper.version, paper.title) == ("cs/0112017", 1, row["title"])
    assert fake_arxiv.requests[0].params["id_list"] == "cs/0112017v1"


def test_unknown_id_returns_none(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    assert make_arxiv_client().fetch_paper("2205.99999") is None
    assert len(fake_arxiv.requests) == 1


def test_unknown_version_returns_none(make_arxiv_client: MakeArxivClient) -> None:
    assert make_arxiv_client().fetch_paper(f"{PAPER_ID}v9") is None


def test_text_that_is_no_id_raises_before_any_request(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient
) -> None:
    with pytest.raises(InvalidArxivId):
        make_arxiv_client().fetch_paper("attention is all you need")
    assert fake_arxiv.requests == []


def test_error_entry_is_not_found_for_one_id(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    fake_arxiv.replay(RECORDED / "error_incorrect_id_format.xml", status=400)

    assert make_arxiv_client().fetch_paper(PAPER_ID) is None
    assert len(fake_arxiv.requests) == 1


def test_recorded_answers_read_like_the_fakes(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    client = make_arxiv_client()
    fake_arxiv.replay(RECORDED / f"{PAPER_ID}.xml")
    recorded = client.fetch_paper(PAPER_ID)
    live = client.fetch_paper(PAPER_ID)
    fake_arxiv.replay(RECORDED / "unknown_id_2205.99999.xml")

    assert recorded is not None
    assert recorded == live
    assert client.fetch_paper("2205.99999") is None
    assert len(fake_arxiv.requests) == 3


def test_the_fake_answers_like_the_recorded_file(fake_arxiv: FakeArxiv) -> None:
    status, body = fake_arxiv.answer({"id_list": PAPER_ID, "max_results": "1"})

    assert (status, body) == (200, (RECORDED / f"{PAPER_ID}.xml").read_bytes())
    entry = ET.fromstring(body).find(f"{ATOM}entry")
    assert entry is not None
    links = {(link.get("rel"), link.get("title")): link.get("href") for link in entry.iter(f"{ATOM}link")}
    assert links == {
        ("alternate", None): f"http://arxiv.org/abs/{PAPER_ID}v1",
        ("related", "pdf"): f"http://arxiv.org/pdf/{PAPER_ID}v1",
    }
    assert body.count(b'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"') == 3


def test_user_agent_names_the_project_and_the_site(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    make_arxiv_client(site_url="https://papers.example.org").fetch_paper(PAPER_ID)

    user_agent = fake_arxiv.requests[0].headers["User-Agent"]
    assert user_agent == f"dailypapers/{__version__} (+https://papers.example.org)"


def test_html_instead_of_a_feed_is_a_bad_feed(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    fake_arxiv.queue(Scripted(status=200, body=b"<html><body>Service maintenance</body></html>"))

    with pytest.raises(ArxivBadFeed, match="not an Atom feed"):
        make_arxiv_client(retry=RetryPolicy(max_attempts=1)).fetch_paper(PAPER_ID)


def test_entity_expansion_bomb_is_refused(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY e0 "lol">{entities}]><feed>&e9;</feed>'
    fake_arxiv.queue(Scripted(status=200, body=bomb.encode()))

    with pytest.raises(ArxivBadFeed, match="amplification"):
        make_arxiv_client(retry=RetryPolicy(max_attempts=1)).fetch_paper(PAPER_ID)


def test_wrong_base_url_is_unavailable_without_retrying(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient
) -> None:
    client = make_arxiv_client(base_url=f"{fake_arxiv.base_url}/not-arxiv")

    with pytest.raises(ArxivUnavailable, match="HTTP 404") as raised:
        client.fetch_paper(PAPER_ID)
    assert raised.value.attempts == 1
    assert len(fake_arxiv.requests) == 1
