"""The OAI-PMH client's manners: one connection, requests spaced, a 503's Retry-After waited out up to a cap, a
cut-off page asked again, and the protocol's arguments (a token alone)."""

from __future__ import annotations

from datetime import date

import pytest

from dailypapers.sources.arxiv_api import ArxivUnavailable
from dailypapers.sources.retries import RetryPolicy
from tests.fakes.oai_fixtures import MakeOaiClient
from tests.fakes.oai_server import FakeOai
from tests.fakes.timer import FakeTimer


def test_pages_follow_the_token_over_one_spaced_connection(
    fake_oai: FakeOai, make_oai_client: MakeOaiClient, fake_timer: FakeTimer
) -> None:
    client = make_oai_client()
    page = client.list_records(set_spec="cs", from_day=date(2025, 1, 1))
    seen = len(page.papers)
    while page.resumption_token:
        page = client.list_records(resumption_token=page.resumption_token)
        seen += len(page.papers)

    requests = fake_oai.requests
    assert seen == page.complete_list_size == 500
    assert requests[0].params == {"verb": "ListRecords", "metadataPrefix": "arXiv", "set": "cs", "from": "2025-01-01"}
    assert all(set(request.params) == {"verb", "resumptionToken"} for request in requests[1:])
    assert len({request.peer_port for request in requests}) == 1
    assert fake_timer.sleeps == [3.0] * (len(requests) - 1)


def test_a_503_with_retry_after_is_waited_out(
    fake_oai: FakeOai, make_oai_client: MakeOaiClient, fake_timer: FakeTimer
) -> None:
    fake_oai.fail(503, retry_after="40")

    page = make_oai_client().list_records(set_spec="cs")

    assert len(page.papers) == 100
    assert fake_timer.sleeps == [40.0]


def test_a_retry_after_past_the_cap_stops_with_the_wait_asked(
    fake_oai: FakeOai, make_oai_client: MakeOaiClient, fake_timer: FakeTimer
) -> None:
    fake_oai.fail(503, retry_after="3600")

    with pytest.raises(ArxivUnavailable, match="asking to wait 3600 s") as raised:
        make_oai_client().list_records(set_spec="cs")

    assert raised.value.retry_after == 3600.0
    assert len(fake_oai.requests) == 1 and fake_timer.sleeps == []


def test_a_cut_off_page_is_asked_again(fake_oai: FakeOai, make_oai_client: MakeOaiClient) -> None:
    fake_oai.truncate()

    page = make_oai_client().list_records(set_spec="cs")

    assert len(page.papers) == 100
    assert len(fake_oai.requests) == 2


def test_failures_past_the_attempts_raise(fake_oai: FakeOai, make_oai_client: MakeOaiClient) -> None:
    fake_oai.truncate(times=3)

    with pytest.raises(ArxivUnavailable, match="after 3 attempt"):
        make_oai_client(retry=RetryPolicy(max_attempts=3)).list_records(set_spec="cs")


def test_a_wrong_address_is_not_retried(fake_oai: FakeOai, make_oai_client: MakeOaiClient) -> None:
    client = make_oai_client(base_url=fake_oai.url.replace("/oai2", "/nothing"))

    with pytest.raises(ArxivUnavailable, match="HTTP 404"):
        client.list_records(set_spec="cs")
    assert len(fake_oai.requests) == 1


def test_oai_errors_come_back_for_the_caller(fake_oai: FakeOai, make_oai_client: MakeOaiClient) -> None:
    client = make_oai_client()

    assert [error.code for error in client.list_records(set_spec="nosuchset").errors] == ["badArgument"]
    assert [error.code for error in client.list_records(set_spec="cs", from_day=date(2030, 1, 1)).errors] == [
        "noRecordsMatch"
    ]
    assert [error.code for error in client.list_records(resumption_token="0.99|100").errors] == ["badResumptionToken"]
