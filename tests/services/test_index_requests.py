"""Papers members ask to index: queued once, fetched by the worker from (the fake) arXiv, retried with backoff."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services.index_requests import get_index_status, index_requested_papers, request_index
from dailypapers.services.papers import get_paper
from dailypapers.sources.retries import RetryPolicy
from tests.factories import NOW
from tests.fakes.arxiv_fixtures import MakeArxivClient
from tests.fakes.arxiv_server import FakeArxiv


def test_a_request_is_queued_once_and_the_worker_indexes_it(
    db: Database,
    make_user: Callable[..., User],
    make_arxiv_client: MakeArxivClient,
    arxiv_rows: dict[str, dict[str, Any]],
) -> None:
    arxiv_id = next(iter(arxiv_rows))
    first = request_index(db, arxiv_id=arxiv_id, user=make_user(), now=NOW)
    again = request_index(db, arxiv_id=arxiv_id, user=make_user(), now=NOW + timedelta(minutes=1))
    assert first.request is not None and first.paper is None
    assert again.request is not None and again.request.requested_at == NOW  # keeps its place in the queue
    report = index_requested_papers(db, make_arxiv_client(), clock=lambda: NOW)
    assert (report.indexed, report.absent, report.failed) == (1, 0, 0)
    paper = get_paper(db, arxiv_id=arxiv_id)
    assert paper is not None and paper.title.startswith(arxiv_rows[arxiv_id]["title"][:20])
    assert get_index_status(db, arxiv_id=arxiv_id) is None
    assert request_index(db, arxiv_id=arxiv_id, user=None, now=NOW).paper is not None  # indexed: nothing to queue


def test_an_id_arxiv_does_not_know_leaves_the_queue(db: Database, make_arxiv_client: MakeArxivClient) -> None:
    request_index(db, arxiv_id="2401.99999", user=None, now=NOW)
    report = index_requested_papers(db, make_arxiv_client(), clock=lambda: NOW)
    assert report.absent == 1 and get_index_status(db, arxiv_id="2401.99999") is None


def test_arxiv_failing_stops_the_run_and_the_request_waits_longer_each_time(
    db: Database, fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    first, second = list(arxiv_rows)[:2]
    request_index(db, arxiv_id=first, user=None, now=NOW)
    request_index(db, arxiv_id=second, user=None, now=NOW + timedelta(seconds=1))
    client = make_arxiv_client(retry=RetryPolicy(max_attempts=1))
    fake_arxiv.fail(503, times=3)
    report = index_requested_papers(db, client, clock=lambda: NOW)
    assert (report.failed, report.left) == (1, 1)
    waiting = get_index_status(db, arxiv_id=first)
    assert waiting is not None and waiting.attempt_count == 1 and waiting.retry_at == NOW + timedelta(minutes=10)
    assert index_requested_papers(db, client, clock=lambda: NOW).failed == 1  # the second, still failing
    ten = NOW + timedelta(minutes=10)
    assert index_requested_papers(db, client, clock=lambda: ten).failed == 1  # the first again
    twice = get_index_status(db, arxiv_id=first)
    assert twice is not None and twice.attempt_count == 2 and twice.retry_at == ten + timedelta(minutes=20)
    later = index_requested_papers(db, client, clock=lambda: ten + timedelta(minutes=1))
    assert later.indexed == 1 and get_paper(db, arxiv_id=second) is not None  # the first still waits
    assert index_requested_papers(db, client, clock=lambda: ten + timedelta(minutes=20)).indexed == 1


def test_a_paper_fetched_from_arxiv_gets_the_code_link_its_abstract_names(
    db: Database, make_arxiv_client: MakeArxivClient
) -> None:
    # "The code is available at [https://github.com/mjalali/embedding-comparison](...)": the look-up path stores
    # records through the same merge as imports and harvests.
    request_index(db, arxiv_id="2506.06231", user=None, now=NOW)
    assert index_requested_papers(db, make_arxiv_client(), clock=lambda: NOW).indexed == 1
    paper = get_paper(db, arxiv_id="2506.06231")
    assert paper is not None and paper.github_repo == "https://github.com/mjalali/embedding-comparison"
