"""The arXiv API client's manners: retrying what may pass, waiting as long as arXiv asks, giving up with
a clear error, and one request at a time, spaced, over one connection."""

from __future__ import annotations

import threading
from datetime import timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from dailypapers.sources.arxiv_api import ArxivApiClient, ArxivBadFeed, ArxivUnavailable
from dailypapers.sources.rate_limit import RateLimiter
from dailypapers.sources.retries import RetryPolicy
from tests.fakes.arxiv_fixtures import MakeArxivClient
from tests.fakes.arxiv_server import FakeArxiv
from tests.fakes.timer import FakeTimer

PAPER_ID = "2205.03569"


def test_server_error_then_success_is_retried(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, fake_timer: FakeTimer
) -> None:
    fake_arxiv.fail(500)

    paper = make_arxiv_client().fetch_paper(PAPER_ID)

    assert paper is not None and paper.arxiv_id == PAPER_ID
    assert len(fake_arxiv.requests) == 2
    assert fake_timer.sleeps == [3.0]  # the backoff (1.5-3 s) never undercuts the 3 s spacing


def test_backoff_grows_between_attempts(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, fake_timer: FakeTimer
) -> None:
    fake_arxiv.fail(502, times=3)
    policy = RetryPolicy(max_attempts=4, backoff_base=10.0, backoff_max=30.0)

    assert make_arxiv_client(retry=policy).fetch_paper(PAPER_ID) is not None

    first, second, third = fake_timer.sleeps
    assert 5.0 <= first <= 10.0
    assert 10.0 <= second <= 20.0
    assert 15.0 <= third <= 30.0


def test_retry_after_seconds_is_waited_then_succeeds(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, fake_timer: FakeTimer
) -> None:
    fake_arxiv.fail(503, retry_after="7")

    assert make_arxiv_client().fetch_paper(PAPER_ID) is not None
    assert fake_timer.sleeps == [7.0]
    assert len(fake_arxiv.requests) == 2


def test_retry_after_http_date_is_waited(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, fake_timer: FakeTimer
) -> None:
    later = fake_timer.wall_clock() + timedelta(seconds=20)
    fake_arxiv.fail(503, retry_after=format_datetime(later, usegmt=True))

    assert make_arxiv_client().fetch_paper(PAPER_ID) is not None
    assert fake_timer.sleeps == [20.0]


def test_too_many_requests_is_retried_after_the_pause_asked(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, fake_timer: FakeTimer
) -> None:
    fake_arxiv.fail(429, retry_after="12")

    assert make_arxiv_client().fetch_paper(PAPER_ID) is not None
    assert fake_timer.sleeps == [12.0]


def test_retry_after_beyond_the_cap_gives_up_at_once(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, fake_timer: FakeTimer
) -> None:
    fake_arxiv.fail(503, retry_after="3600")

    with pytest.raises(ArxivUnavailable, match="asking to wait 3600 s") as raised:
        make_arxiv_client(retry=RetryPolicy(max_retry_after=120)).fetch_paper(PAPER_ID)

    assert (raised.value.attempts, raised.value.retry_after) == (1, 3600.0)
    assert len(fake_arxiv.requests) == 1
    assert fake_timer.sleeps == []


def test_persistent_failure_raises_unavailable_after_max_attempts(
    fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient
) -> None:
    fake_arxiv.fail(500, times=10)

    with pytest.raises(ArxivUnavailable, match=r"after 3 attempt\(s\): HTTP 500") as raised:
        make_arxiv_client(retry=RetryPolicy(max_attempts=3)).fetch_paper(PAPER_ID)

    assert raised.value.attempts == 3
    assert len(fake_arxiv.requests) == 3


def test_truncated_feed_is_a_clear_error(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    fake_arxiv.truncate(times=2)

    with pytest.raises(ArxivBadFeed, match="not well-formed XML, perhaps truncated"):
        make_arxiv_client(retry=RetryPolicy(max_attempts=2)).fetch_paper(PAPER_ID)
    assert len(fake_arxiv.requests) == 2


def test_truncated_feed_then_whole_one_is_retried(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    fake_arxiv.truncate()

    assert make_arxiv_client().fetch_paper(PAPER_ID) is not None
    assert len(fake_arxiv.requests) == 2


def test_read_timeout_is_retried(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    fake_arxiv.answer_slowly(2.0)

    assert make_arxiv_client(read_timeout=0.2).fetch_paper(PAPER_ID) is not None
    assert len(fake_arxiv.requests) == 2


def test_read_timeouts_every_time_are_unavailable(fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient) -> None:
    fake_arxiv.answer_slowly(2.0, times=2)

    with pytest.raises(ArxivUnavailable, match="ReadTimeout"):
        make_arxiv_client(read_timeout=0.2, retry=RetryPolicy(max_attempts=2)).fetch_paper(PAPER_ID)


def test_nothing_listening_is_unavailable(make_arxiv_client: MakeArxivClient) -> None:
    with FakeArxiv() as stopped:
        base_url = stopped.base_url  # the port is closed once the server stops

    with pytest.raises(ArxivUnavailable, match="ConnectError"):
        make_arxiv_client(base_url=base_url, retry=RetryPolicy(max_attempts=2)).fetch_paper(PAPER_ID)


def test_requests_are_spaced_and_serial_across_threads(
    fake_arxiv: FakeArxiv, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    interval = 0.1
    ids = list(arxiv_rows)[:3]
    # The others must wait out the slow first answer and then still keep their distance from each other.
    fake_arxiv.answer_slowly(0.3)
    found: dict[str, object] = {}
    with ArxivApiClient(fake_arxiv.base_url, rate_limiter=RateLimiter(min_interval=interval)) as client:
        threads = [threading.Thread(target=lambda i=i: found.update({i: client.fetch_paper(i)})) for i in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(found) == sorted(ids) and all(found.values())
    assert fake_arxiv.max_in_flight == 1
    assert len({request.peer_port for request in fake_arxiv.requests}) == 1  # one connection, reused
    first, second = fake_arxiv.gaps()
    assert first >= 0.3 + interval
    assert second >= interval


def test_requests_are_spaced_by_the_interval(fake_arxiv: FakeArxiv, arxiv_rows: dict[str, dict[str, Any]]) -> None:
    interval = 0.15
    with ArxivApiClient(fake_arxiv.base_url, rate_limiter=RateLimiter(min_interval=interval)) as client:
        for arxiv_id in list(arxiv_rows)[:3]:
            assert client.fetch_paper(arxiv_id) is not None

    # Spacing counts from the end of the previous answer, so no network delay can shrink it here.
    assert min(fake_arxiv.gaps()) >= interval


def test_clients_of_one_host_share_the_spacing(fake_arxiv: FakeArxiv) -> None:
    interval = 0.2
    with (
        ArxivApiClient(fake_arxiv.base_url, min_interval=interval) as first,
        ArxivApiClient(fake_arxiv.base_url, min_interval=interval / 4) as second,
    ):
        first.fetch_paper(PAPER_ID)
        second.fetch_paper(PAPER_ID)

    [gap] = fake_arxiv.gaps()
    assert gap >= interval
