"""Following an upstream: a second dailypapers instance serving the shipped archive, and a local server answering
as huggingface.co does. Pulls copy each day with its upstream counts, keep local counts and curation apart, and
change nothing when repeated."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import upgrade_database
from dailypapers.domain.users import User
from dailypapers.services import curation as curation_service
from dailypapers.services import papers as papers_service
from dailypapers.services import votes as votes_service
from dailypapers.services.container import Services
from dailypapers.services.errors import InvalidInput
from dailypapers.services.imports import import_file
from dailypapers.services.upstream import get_extras, pull_upstream
from dailypapers.sources.rate_limit import RateLimiter
from dailypapers.sources.retries import RetryPolicy
from dailypapers.sources.upstream_api import UpstreamClient
from dailypapers.web.app import create_app
from tests.factories import FakeClock
from tests.fakes.hf_daily_server import ARCHIVE, FakeHuggingFace, Scripted, archive_rows, hf_item
from tests.fakes.timer import FakeTimer
from tests.live_server import live_settings, serve

JUNE = (date(2025, 6, 1), date(2025, 6, 30))
LATER = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def upstream_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The upstream's own database: the shipped Daily Papers archive, imported as `make demo` does."""
    path = tmp_path_factory.mktemp("upstream") / "upstream.sqlite3"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    database = Database(engine)
    import_file(database, path=ARCHIVE)
    yield database
    engine.dispose()


@pytest.fixture(scope="module")
def upstream_url(upstream_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second dailypapers instance, serving the archive over HTTP on 127.0.0.1."""
    settings = live_settings(data_dir=tmp_path_factory.mktemp("upstream-data"), arxiv_url="http://127.0.0.1:9")
    app = create_app(settings, services=Services(settings, serving=True, db=upstream_db))
    with serve(app) as url:
        yield url


def _client(url: str, **overrides: object) -> UpstreamClient:
    return UpstreamClient(url, min_interval=0.0, **overrides)  # type: ignore[arg-type]


def _day_view(db: Database, day: date) -> dict[str, tuple[int, int | None, int | None, str | None]]:
    """Each paper of the day: (total upvotes, upstream upvotes, upstream comments, submitter)."""
    return {
        entry.paper.arxiv_id: (
            entry.paper.upvote_count,
            entry.paper.upstream_upvote_count,
            entry.paper.upstream_comment_count,
            entry.submitter_name,
        )
        for entry in curation_service.list_day_entries(db, day=day)
    }


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def test_a_pull_copies_each_day_with_the_upstream_counts_and_a_second_changes_nothing(
    db: Database, upstream_db: Database, upstream_url: str
) -> None:
    with _client(upstream_url) as client:
        report = pull_upstream(db, source=client, start=JUNE[0], end=JUNE[1], clock=FakeClock(LATER))
    assert report.complete and len(report.days) == 30 and not report.skipped
    assert report.added == sum(len(curation_service.list_day_entries(upstream_db, day=d)) for d in _days(*JUNE))
    assert report.added > 300  # 21 weekdays of about 15 papers
    before = {}
    for day in _days(*JUNE):
        theirs = curation_service.list_day_entries(upstream_db, day=day)
        ours = _day_view(db, day)
        assert set(ours) == {entry.paper.arxiv_id for entry in theirs}, day
        for entry in theirs:
            paper = entry.paper
            assert ours[paper.arxiv_id] == (
                paper.upvote_count,
                paper.upvote_count,
                paper.comment_count,
                entry.submitter_name,
            ), (day, paper.arxiv_id)
        before[day] = ours

    with _client(upstream_url) as client:
        again = pull_upstream(db, source=client, start=JUNE[0], end=JUNE[1], clock=FakeClock(LATER))
    assert (again.added, again.counts_changed, again.dropped) == (0, 0, 0)
    assert {day: _day_view(db, day) for day in _days(*JUNE)} == before


def test_a_local_upvote_moves_only_the_local_count(
    db: Database, upstream_url: str, make_user: Callable[..., User]
) -> None:
    day = date(2025, 6, 12)
    with _client(upstream_url) as client:
        pull_upstream(db, source=client, start=day, end=day, clock=FakeClock(LATER))
    arxiv_id = curation_service.list_day_entries(db, day=day)[0].paper.arxiv_id
    upstream = papers_service.require_paper(db, arxiv_id=arxiv_id).upstream_upvote_count
    assert upstream is not None and upstream > 0
    votes_service.cast_vote(db, arxiv_id=arxiv_id, user_id=make_user().id, now=LATER)
    with _client(upstream_url) as client:
        pull_upstream(db, source=client, start=day, end=day, clock=FakeClock(LATER))
    paper = papers_service.require_paper(db, arxiv_id=arxiv_id)
    assert (paper.upstream_upvote_count, paper.local_upvote_count, paper.upvote_count) == (upstream, 1, upstream + 1)


def test_an_archive_and_the_upstream_counting_the_same_crowd_count_it_once(
    db: Database, upstream_url: str, make_user: Callable[..., User], tmp_path: Path
) -> None:
    day = date(2025, 6, 12)
    row = archive_rows(day.isoformat())[day.isoformat()][0]
    archive = tmp_path / "one.jsonl"
    archive.write_text(__import__("json").dumps(row | {"upvotes": row["upvotes"] - 5}) + "\n")
    import_file(db, path=archive)
    votes_service.cast_vote(db, arxiv_id=row["arxiv_id"], user_id=make_user().id, now=LATER)
    with _client(upstream_url) as client:
        pull_upstream(db, source=client, start=day, end=day, clock=FakeClock(LATER))
    paper = papers_service.require_paper(db, arxiv_id=row["arxiv_id"])
    assert paper.upstream_upvote_count == row["upvotes"]
    assert paper.upvote_count == row["upvotes"] + 1  # not archive + upstream + 1
    assert paper.local_upvote_count == 1


def test_local_curation_survives_a_repull_and_a_dropped_entry_is_marked(
    db: Database, make_user: Callable[..., User]
) -> None:
    day = "2025-06-12"
    rows = archive_rows(day)[day][:4]
    curator = make_user(role="curator")
    with FakeHuggingFace({day: [hf_item(row) for row in rows]}) as hf, _client(hf.base_url) as client:
        pull_upstream(db, source=client, start=date(2025, 6, 12), end=date(2025, 6, 12), clock=FakeClock(LATER))
        removed, pinned, dropped, kept = (row["arxiv_id"] for row in rows)
        the_day = date(2025, 6, 12)
        curation_service.remove_entry(db, day=the_day, arxiv_id=removed, curator=curator, reason="off topic", now=LATER)
        curation_service.update_entry(db, day=the_day, arxiv_id=pinned, curator=curator, pinned=True, now=LATER)
        hf.days[day] = [hf_item(row) for row in rows if row["arxiv_id"] != dropped]
        report = pull_upstream(db, source=client, start=the_day, end=the_day, clock=FakeClock(LATER))
    entries = {entry.paper.arxiv_id: entry for entry in curation_service.list_day_entries(db, day=the_day)}
    assert set(entries) == {pinned, dropped, kept}
    assert entries[pinned].pinned and entries[pinned].position == 1
    assert entries[dropped].upstream_dropped_at == LATER and entries[kept].upstream_dropped_at is None
    assert entries[kept].upstream_position == 3
    assert (report.days[0].kept_removed, report.days[0].dropped, report.days[0].added) == (1, 1, 0)


def test_hugging_face_items_keep_their_extras_and_a_malformed_one_is_skipped_with_its_day(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    day = "2025-06-13"
    rows = archive_rows(day)[day][:3]
    broken = hf_item(rows[1])
    del broken["paper"]["id"]
    answer = [hf_item(rows[0]), broken, hf_item(rows[2]), "not an item"]
    the_day = date(2025, 6, 13)
    with FakeHuggingFace({day: answer}) as hf, _client(hf.base_url) as client, caplog.at_level(logging.WARNING):
        report = pull_upstream(db, source=client, start=the_day, end=the_day, clock=FakeClock(LATER))
    assert [(str(item.day), item.position) for item in report.skipped] == [(day, 2), (day, 4)]
    assert "2025-06-13 item 2: field 'id'" in caplog.text
    assert {entry.paper.arxiv_id for entry in curation_service.list_day_entries(db, day=date(2025, 6, 13))} == {
        rows[0]["arxiv_id"],
        rows[2]["arxiv_id"],
    }
    paper = papers_service.require_paper(db, arxiv_id=rows[0]["arxiv_id"])
    extras = get_extras(db, paper_id=paper.id)
    assert extras is not None and extras.ai_keywords == ("vision encoder", "multimodal models")
    assert extras.ai_summary == f"A generated one-line summary of {rows[0]['title']}."
    assert extras.thumbnail_url and extras.thumbnail_url.endswith(f"/{rows[0]['arxiv_id']}.png")
    assert extras.media_urls and extras.media_urls[0].endswith("/figure1.png")


def test_a_day_longer_than_a_page_is_read_to_its_end_over_one_connection(db: Database) -> None:
    day = "2025-06-16"
    rows = archive_rows(day)[day]
    many = [hf_item(row | {"arxiv_id": f"2506.{90000 + index}"}) for index in range(230) for row in rows[:1]]
    with FakeHuggingFace({day: many}) as hf, _client(hf.base_url) as client:
        report = pull_upstream(
            db, source=client, start=date(2025, 6, 16), end=date(2025, 6, 16), clock=FakeClock(LATER)
        )
        pages = [request.params["p"] for request in hf.requests]
        ports = {request.peer_port for request in hf.requests}
    assert pages == ["0", "1", "2", "3", "4"] and len(ports) == 1  # 50 a page
    assert {request.params["limit"] for request in hf.requests} == {"50"}
    assert report.days[0].added == 230


def test_retry_after_is_honoured_and_a_day_that_keeps_failing_stops_the_pull(db: Database) -> None:
    days = {d: [hf_item(row) for row in rows[:2]] for d, rows in archive_rows("2025-06-16", "2025-06-17").items()}
    timer = FakeTimer(wall=LATER)
    limiter = RateLimiter(min_interval=1.0, timer=timer)
    policy = RetryPolicy(max_attempts=3, backoff_base=4.0, backoff_max=8.0)
    with FakeHuggingFace(days) as hf, _client(hf.base_url, rate_limiter=limiter, retry=policy) as client:
        hf.queue("2025-06-16", Scripted(429, headers=(("Retry-After", "7"),)), Scripted(503))
        hf.queue("2025-06-17", *[Scripted(502)] * 3)  # every attempt allowed
        report = pull_upstream(
            db, source=client, start=date(2025, 6, 15), end=date(2025, 6, 18), clock=FakeClock(LATER)
        )
    assert 7.0 in timer.sleeps  # Retry-After, to the second
    assert [day.day for day in report.days] == [date(2025, 6, 15), date(2025, 6, 16)]
    assert report.days[1].added == 2
    assert not report.complete and "2025-06-17 page 0: HTTP 502 after 3 attempt(s)" in (report.failure or "")
    assert "stopped: upstream" in report.summary()
    assert curation_service.list_day_entries(db, day=date(2025, 6, 17)) == []
    with FakeHuggingFace(days) as hf, _client(hf.base_url) as client:
        resumed = pull_upstream(db, source=client, clock=FakeClock(datetime(2025, 6, 18, 8, tzinfo=UTC)))
    assert resumed.start == date(2025, 6, 14) and resumed.complete  # two days before the last pulled whole
    assert len(curation_service.list_day_entries(db, day=date(2025, 6, 17))) == 2


def test_a_range_backwards_or_in_the_future_is_refused(db: Database) -> None:
    with FakeHuggingFace() as hf, _client(hf.base_url) as client:
        with pytest.raises(InvalidInput, match="after"):
            pull_upstream(db, source=client, start=date(2025, 6, 2), end=date(2025, 6, 1), clock=FakeClock(LATER))
        with pytest.raises(InvalidInput, match="future"):
            pull_upstream(db, source=client, start=date(2026, 12, 1), end=date(2026, 12, 20), clock=FakeClock(LATER))
        assert hf.requests == []


def test_without_from_a_pull_starts_two_days_before_the_last_day_pulled_whole(db: Database) -> None:
    with FakeHuggingFace() as hf, _client(hf.base_url) as client:
        first = pull_upstream(db, source=client, clock=FakeClock(LATER))
        assert (first.start, first.end) == (date(2026, 12, 5), date(2026, 12, 7))
        later = pull_upstream(db, source=client, clock=FakeClock(LATER + timedelta(days=4)))
        assert (later.start, later.end) == (date(2026, 12, 5), date(2026, 12, 11))
