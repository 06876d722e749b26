"""Reading arXiv's OAI-PMH pages: records into papers, deleted headers, tokens, errors, and refusing a cut-off page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dailypapers.sources.arxiv_oai import PageError, parse_page

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "arxiv_oai"


def test_a_first_page_gives_papers_deletions_and_the_token() -> None:
    page = parse_page((PAGES / "list_records_first_page.xml").read_bytes())

    assert [paper.arxiv_id for paper in page.papers] == ["2205.03569", "2409.13661"]
    assert page.deleted == ["2503.12348"]
    assert (page.resumption_token, page.cursor, page.complete_list_size) == ("6960524|1001", 0, 4)
    assert page.response_date == datetime(2026, 7, 1, 6, 12, 40, tzinfo=UTC)
    assert page.record_count == 3 and page.problems == [] and page.errors == []


def test_a_record_is_read_field_by_field(arxiv_rows: dict[str, dict[str, object]]) -> None:
    paper = parse_page((PAGES / "list_records_first_page.xml").read_bytes()).papers[1]
    row = arxiv_rows["2409.13661"]

    assert paper.title == row["title"]
    assert paper.abstract == row["abstract"]
    assert list(paper.authors) == row["authors"]  # forenames then keyname
    assert paper.categories == ("cs.SE", "cs.AI", "cs.CV", "cs.LG")
    assert paper.primary_category == "cs.SE"
    assert paper.comment is not None and paper.comment.startswith("Accepted for publication at the 47th")
    assert "  " not in paper.comment  # hard wraps and runs of spaces folded
    assert paper.published_at == datetime(2025, 3, 19, tzinfo=UTC)
    assert paper.arxiv_updated_at == datetime(2026, 6, 30, tzinfo=UTC)
    assert paper.version is None and paper.journal_ref is None and paper.doi is None


def test_the_last_page_has_no_token() -> None:
    page = parse_page((PAGES / "list_records_last_page.xml").read_bytes())

    assert page.resumption_token is None
    assert (page.cursor, page.complete_list_size) == (3, 4)
    assert [paper.arxiv_id for paper in page.papers] == ["2503.12348"]


@pytest.mark.parametrize("code", ["badResumptionToken", "noRecordsMatch", "badArgument"])
def test_an_oai_error_is_reported_by_its_code(code: str) -> None:
    page = parse_page((PAGES / f"error_{code}.xml").read_bytes())

    assert [error.code for error in page.errors] == [code]
    assert page.papers == [] and page.resumption_token is None


def test_a_cut_off_page_is_refused_whole() -> None:
    body = (PAGES / "list_records_first_page.xml").read_bytes()

    for cut in (len(body) // 3, len(body) - 40, len(body) - 2):
        with pytest.raises(PageError, match="not well-formed"):
            parse_page(body[:cut])


def test_an_html_error_page_is_not_an_answer() -> None:
    with pytest.raises(PageError, match="not an OAI-PMH answer"):
        parse_page(b"<html><body><h1>503 Service Unavailable</h1></body></html>")
    with pytest.raises(PageError):
        parse_page(b"")


def test_a_malformed_record_is_reported_and_the_others_kept() -> None:
    body = (PAGES / "list_records_first_page.xml").read_bytes()
    broken = body.replace(b"<id>2205.03569</id>", b"<id>not-an-id</id>", 1)

    page = parse_page(broken)

    assert [paper.arxiv_id for paper in page.papers] == ["2409.13661"]
    assert [problem.identifier for problem in page.problems] == ["oai:arXiv.org:2205.03569"]
    assert page.record_count == 3


def test_entities_are_not_expanded() -> None:
    body = (PAGES / "list_records_last_page.xml").read_bytes()
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    hostile = bomb + body.split(b"?>", 1)[1].replace(b"<title>", b"<title>&b;", 1)

    page = parse_page(hostile)

    assert all("aaaa" not in paper.title for paper in page.papers)
