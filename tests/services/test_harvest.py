"""Harvesting through OAI-PMH into the papers, on both databases: whole lists, resumption, re-harvesting, deletions,
categories, arXiv's errors and pauses, and never half a page."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import paper_authors, papers
from dailypapers.domain.categories import parse_category_filter
from dailypapers.domain.search import SearchRequest
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.harvest import HarvestOptions, HarvestRefused, harvest_papers, list_harvests
from dailypapers.services.papers import require_paper
from dailypapers.services.search import search_papers
from dailypapers.sources.retries import RetryPolicy
from tests.fakes.oai_fixtures import RESPONSE_DATE, MakeOaiClient
from tests.fakes.oai_pages import OaiRecord
from tests.fakes.oai_server import FakeOai
from tests.fakes.timer import FakeTimer

EVERYTHING = HarvestOptions(sets=["cs"], from_day=date(2025, 1, 1))
NOW = RESPONSE_DATE + timedelta(minutes=5)


def _clock() -> datetime:
    return NOW


def _paper_count(db: Database) -> int:
    with db.reading() as connection:
        return int(connection.execute(select(func.count()).select_from(papers)).scalar_one())


def _arxiv_ids(db: Database) -> list[str]:
    with db.reading() as connection:
        return list(connection.execute(select(papers.c.arxiv_id)).scalars())


def test_a_harvest_stores_every_record_of_the_list(db: Database, make_oai_client: MakeOaiClient) -> None:
    report = harvest_papers(db, make_oai_client(), EVERYTHING, clock=_clock)

    assert (report.records, report.inserted, report.pages, report.skipped) == (500, 500, 5, 0)
    assert report.completed_sets == ["cs"] and report.stopped is None
    assert _paper_count(db) == 500
    paper = require_paper(db, arxiv_id="2205.03569")
    assert paper.authors == ("Bing Li", "Jiaxin Chen", "Dongming Zhang", "Xiuguo Bao", "Di Huang")
    assert paper.primary_category == "cs.CV"


def test_harvesting_again_changes_nothing(db: Database, make_oai_client: MakeOaiClient) -> None:
    harvest_papers(db, make_oai_client(), EVERYTHING, clock=_clock)
    with db.reading() as connection:
        before = connection.execute(select(papers).order_by(papers.c.id)).all()
        authors = connection.execute(select(func.count()).select_from(paper_authors)).scalar_one()

    again = harvest_papers(db, make_oai_client(), EVERYTHING, clock=lambda: NOW + timedelta(days=1))

    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 500)
    with db.reading() as connection:
        assert connection.execute(select(papers).order_by(papers.c.id)).all() == before
        assert connection.execute(select(func.count()).select_from(paper_authors)).scalar_one() == authors


def test_harvested_papers_are_found_by_keyword_at_once(
    db: Database, make_oai_client: MakeOaiClient, indexes: SearchIndexes
) -> None:
    harvest_papers(db, make_oai_client(), EVERYTHING, clock=_clock)

    hits = search_papers(db, indexes, SearchRequest(text="MEACI-Net compressed video", mode="keyword")).hits

    assert hits and hits[0].paper.arxiv_id == "2205.03569"


def test_a_newer_record_updates_the_paper(
    db: Database, fake_oai: FakeOai, make_oai_client: MakeOaiClient, oai_records: list[OaiRecord]
) -> None:
    harvest_papers(db, make_oai_client(), EVERYTHING, clock=_clock)
    original = next(record for record in oai_records if record.arxiv_id == "2205.03569")
    assert original.row is not None
    revised_row = {
        **original.row,
        "title": original.row["title"] + " (revised)",
        "authors": original.row["authors"][:2],
    }
    fake_oai.records = [replace(original, row=revised_row, datestamp=date(2026, 7, 2), updated=date(2026, 7, 2))]

    report = harvest_papers(db, make_oai_client(), HarvestOptions(sets=["cs"]), clock=_clock)

    assert (report.updated, report.inserted) == (1, 0)
    paper = require_paper(db, arxiv_id="2205.03569")
    assert paper.title.endswith("(revised)") and paper.authors == ("Bing Li", "Jiaxin Chen")


def test_a_deleted_header_removes_the_paper(db: Database, fake_oai: FakeOai, make_oai_client: MakeOaiClient) -> None:
    harvest_papers(db, make_oai_client(), EVERYTHING, clock=_clock)
    fake_oai.records = [OaiRecord(arxiv_id="2205.03569", datestamp=date(2026, 7, 2), row=None)]

    report = harvest_papers(db, make_oai_client(), HarvestOptions(sets=["cs"]), clock=_clock)

    assert report.deleted == 1
    assert "2205.03569" not in _arxiv_ids(db) and _paper_count(db) == 499


def test_papers_outside_the_categories_are_skipped(db: Database, make_oai_client: MakeOaiClient) -> None:
    options = replace(EVERYTHING, categories=parse_category_filter("cs.CL"))

    report = harvest_papers(db, make_oai_client(), options, clock=_clock)

    with db.reading() as connection:
        kept = connection.execute(select(func.count()).select_from(papers)).scalar_one()
    assert 0 < kept < 500 and report.filtered == 500 - kept and report.inserted == kept
    assert all("cs.CL" in require_paper(db, arxiv_id=arxiv_id).categories for arxiv_id in _arxiv_ids(db))


def test_a_run_without_from_continues_from_the_last_day_completed(
    db: Database, fake_oai: FakeOai, make_oai_client: MakeOaiClient
) -> None:
    harvest_papers(db, make_oai_client(), EVERYTHING, clock=_clock)
    assert [state.harvested_through for state in list_harvests(db)] == [RESPONSE_DATE.date()]

    harvest_papers(db, make_oai_client(), HarvestOptions(sets=["cs"]), clock=_clock)

    assert fake_oai.requests[-1].params["from"] == RESPONSE_DATE.date().isoformat()


def test_a_first_run_without_from_starts_the_configured_days_back(
    db: Database, fake_oai: FakeOai, make_oai_client: MakeOaiClient
) -> None:
    report = harvest_papers(db, make_oai_client(), HarvestOptions(sets=["cs"], start_days=7), clock=_clock)

    assert fake_oai.requests[0].params["from"] == (NOW.date() - timedelta(days=7)).isoformat()
    assert report.records == _paper_count(db) > 0  # the fixture's last week of listings
    assert report.records < 500


def test_no_records_in_the_range_completes_it(db: Database, fake_oai: FakeOai, make_oai_client: MakeOaiClient) -> None:
    report = harvest_papers(db, make_oai_client(), HarvestOptions(sets=["cs"], from_day=date(2030, 1, 1)), clock=_clock)

    assert report.completed_sets == ["cs"] and report.records == 0
    assert [state.harvested_through for state in list_harvests(db)] == [RESPONSE_DATE.date()]


def test_an_unknown_set_is_refused_with_arxivs_reason(db: Database, make_oai_client: MakeOaiClient) -> None:
    with pytest.raises(HarvestRefused, match="badArgument: Invalid set specification: nosuchset"):
        harvest_papers(db, make_oai_client(), replace(EVERYTHING, sets=["nosuchset"]), clock=_clock)


def test_a_long_pause_stops_the_run_and_the_next_resumes_at_the_token(
    db: Database, fake_oai: FakeOai, make_oai_client: MakeOaiClient
) -> None:
    client = make_oai_client()
    fake_oai.answer_slowly(0.0, times=2)  # pages 1 and 2 answer normally
    fake_oai.fail(503, retry_after="7200")  # the third request

    stopped = harvest_papers(db, client, EVERYTHING, clock=_clock)

    assert stopped.stopped is not None and "7200" in stopped.stopped
    assert (stopped.records, _paper_count(db)) == (200, 200)
    asked_before = len(fake_oai.requests)
    resumed = harvest_papers(db, client, EVERYTHING, clock=_clock)

    assert resumed.records == 300 and resumed.stopped is None and _paper_count(db) == 500
    # Picked up at the token after the last page applied, not from the list's start.
    assert fake_oai.requests[asked_before].params["resumptionToken"].endswith("|200")


def test_an_expired_token_starts_the_list_again(
    db: Database, fake_oai: FakeOai, make_oai_client: MakeOaiClient
) -> None:
    client = make_oai_client()
    fake_oai.answer_slowly(0.0, times=2)
    fake_oai.fail(503, retry_after="7200")
    harvest_papers(db, client, EVERYTHING, clock=_clock)
    fake_oai.expire_tokens()

    resumed = harvest_papers(db, client, EVERYTHING, clock=_clock)

    assert resumed.stopped is None and resumed.completed_sets == ["cs"]
    assert (resumed.inserted, resumed.unchanged) == (300, 200)
    assert _paper_count(db) == 500


def test_a_page_cut_off_every_time_is_never_half_applied(
    db: Database, fake_oai: FakeOai, make_oai_client: MakeOaiClient
) -> None:
    fake_oai.answer_slowly(0.0)
    fake_oai.truncate(times=3)
    client = make_oai_client(retry=RetryPolicy(max_attempts=3))

    report = harvest_papers(db, client, EVERYTHING, clock=_clock)

    assert report.stopped is not None and "unreadable page" in report.stopped
    assert (report.records, _paper_count(db)) == (100, 100)  # the first page, whole; nothing of the second
    assert harvest_papers(db, client, EVERYTHING, clock=_clock).records == 400
    assert _paper_count(db) == 500


def test_until_before_from_is_refused(db: Database, make_oai_client: MakeOaiClient) -> None:
    options = HarvestOptions(sets=["cs"], from_day=date(2026, 7, 1), until_day=date(2026, 6, 1))

    with pytest.raises(HarvestRefused, match="before"):
        harvest_papers(db, make_oai_client(), options, clock=_clock)


def test_an_explicit_range_moves_the_day_completed_only_forward(db: Database, make_oai_client: MakeOaiClient) -> None:
    harvest_papers(db, make_oai_client(), EVERYTHING, clock=_clock)

    old = HarvestOptions(sets=["cs"], from_day=date(2025, 3, 1), until_day=date(2025, 4, 1))
    harvest_papers(db, make_oai_client(), old, clock=_clock)

    assert [state.harvested_through for state in list_harvests(db)] == [RESPONSE_DATE.date()]


def test_the_clock_dates_nothing_in_the_future(db: Database, make_oai_client: MakeOaiClient) -> None:
    harvest_papers(db, make_oai_client(), EVERYTHING, clock=_clock)

    paper = require_paper(db, arxiv_id="2205.03569")
    assert paper.published_at == datetime(2025, 10, 6, tzinfo=UTC) and paper.created_at == NOW


def test_fetching_ahead_keeps_one_spaced_request_at_a_time(
    db: Database, fake_oai: FakeOai, make_oai_client: MakeOaiClient, fake_timer: FakeTimer
) -> None:
    harvest_papers(db, make_oai_client(), EVERYTHING, clock=_clock)

    requests = fake_oai.requests
    assert len(requests) == 5 and fake_oai.max_in_flight == 1
    assert len({request.peer_port for request in requests}) == 1
    assert fake_timer.sleeps == [3.0] * 4
