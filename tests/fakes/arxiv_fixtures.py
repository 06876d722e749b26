"""Pytest fixtures for the fake arXiv and clients pointed at it; a conftest brings them in with
`from tests.fakes.arxiv_fixtures import arxiv_rows, fake_arxiv, fake_timer, make_arxiv_client`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

import pytest

from dailypapers.sources.arxiv_api import ArxivApiClient
from dailypapers.sources.rate_limit import RateLimiter
from tests.fakes.arxiv_feed import FakePaper, load_fixture_rows
from tests.fakes.arxiv_server import FakeArxiv
from tests.fakes.timer import FakeTimer

MakeArxivClient = Callable[..., ArxivApiClient]


class _Closable(Protocol):
    def close(self) -> None: ...


Client = TypeVar("Client", bound=_Closable)


def clients_of(client_class: Callable[..., Client], base_url: str, timer: FakeTimer) -> Iterator[Callable[..., Client]]:
    """A fixture's maker of clients of a fake that wait on `timer` (3 s spacing, taking no time); keyword
    arguments go to the client, and `min_interval=` to its limiter. The clients are closed at teardown."""
    clients: list[Client] = []

    def make(*, min_interval: float = 3.0, **options: Any) -> Client:
        options.setdefault("rate_limiter", RateLimiter(min_interval=min_interval, timer=timer))
        options.setdefault("clock", timer.wall_clock)
        client = client_class(options.pop("base_url", base_url), **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def arxiv_rows() -> dict[str, dict[str, Any]]:
    """The 500 real papers of tests/fixtures/arxiv_cs_fixture_500.jsonl, by id."""
    return load_fixture_rows()


@pytest.fixture
def fake_arxiv(arxiv_rows: dict[str, dict[str, Any]]) -> Iterator[FakeArxiv]:
    """A fresh fake arXiv per test, knowing every fixture paper (one version each), nothing queued."""
    with FakeArxiv(FakePaper.from_row(row) for row in arxiv_rows.values()) as server:
        yield server


@pytest.fixture
def fake_timer() -> FakeTimer:
    return FakeTimer()


@pytest.fixture
def make_arxiv_client(fake_arxiv: FakeArxiv, fake_timer: FakeTimer) -> Iterator[MakeArxivClient]:
    """Clients of the fake arXiv that wait on `fake_timer`; see `clients_of`."""
    yield from clients_of(ArxivApiClient, fake_arxiv.base_url, fake_timer)
