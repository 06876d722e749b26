"""Pytest fixtures for the fake arXiv OAI-PMH interface and clients of it; a conftest brings them in with the
`pytest_plugins` list."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from dailypapers.sources.arxiv_oai_client import ArxivOaiClient
from tests.fakes.arxiv_fixtures import clients_of
from tests.fakes.oai_pages import OaiRecord, record_from_row
from tests.fakes.oai_server import FakeOai
from tests.fakes.timer import FakeTimer

MakeOaiClient = Callable[..., ArxivOaiClient]
OAI_PAGE_SIZE = 100
RESPONSE_DATE = datetime(2026, 7, 2, 6, 0, tzinfo=UTC)  # the morning after the fixture's last listing day


@pytest.fixture(scope="session")
def oai_records(arxiv_rows: dict[str, dict[str, Any]]) -> list[OaiRecord]:
    """The 500 real papers of the fixture, each datestamped on its first listing day."""
    return [record_from_row(row) for row in arxiv_rows.values()]


@pytest.fixture
def fake_oai(oai_records: list[OaiRecord]) -> Iterator[FakeOai]:
    """A fresh fake OAI-PMH interface per test: the fixture papers, pages of 100, nothing queued."""
    with FakeOai(oai_records, page_size=OAI_PAGE_SIZE) as server:
        server.response_date = RESPONSE_DATE
        yield server


@pytest.fixture
def make_oai_client(fake_oai: FakeOai, fake_timer: FakeTimer) -> Iterator[MakeOaiClient]:
    """Clients of the fake that wait on `fake_timer`; see `clients_of`."""
    yield from clients_of(ArxivOaiClient, fake_oai.url, fake_timer)
