"""The page cache's own rules, over a small ASGI app: one request makes a page while others wait for it, and a
page made while a write landed is not kept under the newer number."""

import asyncio
import random
from typing import Any

from dailypapers.settings import Settings
from dailypapers.web.page_cache import EXPIRY_SPREAD, MAX_REMAKES_AT_ONCE, STALE_LIMIT, PageCacheMiddleware
from tests.event_loops import run_on_own_thread


class CountingApp:
    def __init__(self, on_call: Any = None) -> None:
        self.calls = 0
        self.on_call = on_call

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.calls += 1
        if self.on_call is not None:
            self.on_call()
        await asyncio.sleep(0.05)
        body = f"call {self.calls}".encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": body})


def _scope(path: str = "/") -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}


async def _get(app: PageCacheMiddleware, path: str = "/") -> bytes:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    await app(_scope(path), receive, send)  # type: ignore[arg-type]
    return b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")


def _middleware(inner: CountingApp, version: list[int]) -> PageCacheMiddleware:
    settings = Settings(_env_file=None, database_url="sqlite://")  # type: ignore[call-arg]
    return PageCacheMiddleware(
        inner, settings=settings, read_version=lambda: version[0], ttl_seconds=60, check_seconds=0
    )


def test_requests_for_a_page_being_made_wait_for_it() -> None:
    inner = CountingApp()
    cache = _middleware(inner, [1])

    async def many() -> list[bytes]:
        return await asyncio.gather(*(_get(cache) for _ in range(10)))

    bodies = run_on_own_thread(many())
    assert inner.calls == 1 and set(bodies) == {b"call 1"}


def test_a_page_made_while_a_write_landed_is_made_again() -> None:
    version = [1]
    inner = CountingApp(on_call=lambda: version.__setitem__(0, version[0] + 1) if version[0] == 1 else None)
    cache = _middleware(inner, version)

    async def twice() -> list[bytes]:
        first = await _get(cache)  # the write lands while this page is made: it may predate the write
        return [first, await _get(cache), await _get(cache)]

    assert run_on_own_thread(twice()) == [b"call 1", b"call 2", b"call 2"]


def test_a_copy_past_its_age_is_answered_once_more_while_it_is_made_again() -> None:
    inner = CountingApp()
    now = [0.0]
    settings = Settings(_env_file=None, database_url="sqlite://")  # type: ignore[call-arg]
    cache = PageCacheMiddleware(
        inner, settings=settings, read_version=lambda: 1, ttl_seconds=60, check_seconds=0, clock=lambda: now[0]
    )

    async def run() -> list[bytes]:
        first = await _get(cache)
        now[0] = 61.0
        stale = await asyncio.gather(*(_get(cache) for _ in range(5)))  # answered at once with the old copy
        assert set(stale) == {b"call 1"} and len(cache.refreshing) == 1
        await asyncio.gather(*cache.refreshing)
        fresh = await _get(cache)
        now[0] = 61.0 + STALE_LIMIT * 60.0 + 1  # far past its age: made before answering
        return [first, fresh, await _get(cache)]

    assert run_on_own_thread(run()) == [b"call 1", b"call 2", b"call 3"]


def test_copies_due_together_are_remade_a_few_at_a_time() -> None:
    inner = CountingApp()
    now = [0.0]
    settings = Settings(_env_file=None, database_url="sqlite://")  # type: ignore[call-arg]
    cache = PageCacheMiddleware(
        inner, settings=settings, read_version=lambda: 1, ttl_seconds=60, check_seconds=0, clock=lambda: now[0]
    )
    paths = [f"/papers/2506.0000{n}" for n in range(1, 6)]

    async def run() -> tuple[list[bytes], int, int]:
        made = [await _get(cache, path) for path in paths]
        now[0] = 61.0  # every copy comes due at once
        answered = [await _get(cache, path) for path in paths]  # each from its copy, none waiting
        remaking = len(cache.refreshing)
        await asyncio.gather(*cache.refreshing)
        for path in paths:  # later readers find a remake free for the copies still due
            await _get(cache, path)
        await asyncio.gather(*cache.refreshing)
        return [*made, *answered], remaking, inner.calls

    bodies, remaking, calls = run_on_own_thread(run())
    assert bodies[5:] == bodies[:5]
    assert remaking == MAX_REMAKES_AT_ONCE
    assert calls == 5 + 2 * MAX_REMAKES_AT_ONCE


def test_copies_made_together_come_due_spread_over_the_last_part_of_their_age() -> None:
    inner = CountingApp()
    now = [0.0]
    settings = Settings(_env_file=None, database_url="sqlite://")  # type: ignore[call-arg]
    cache = PageCacheMiddleware(
        inner,
        settings=settings,
        read_version=lambda: 1,
        ttl_seconds=60,
        check_seconds=0,
        clock=lambda: now[0],
        draw=random.Random(21).random,
    )
    paths = [f"/papers/2506.{n:05d}" for n in range(40)]

    async def remade_by(moment: float) -> int:
        """How many copies are made again when each page is read once at `moment`."""
        now[0] = moment
        before = inner.calls
        for path in paths:
            await _get(cache, path)
            await asyncio.gather(*cache.refreshing)  # one at a time: the bound on remakes does not count here
        return inner.calls - before

    async def run() -> list[int]:
        for path in paths:
            await _get(cache, path)
        earliest = 60 * (1 - EXPIRY_SPREAD)
        return [await remade_by(earliest - 0.1), await remade_by(earliest + 60 * EXPIRY_SPREAD / 2)]

    before_any, halfway = run_on_own_thread(run())
    assert before_any == 0  # none comes due before the spread starts
    assert 10 <= halfway <= 30  # about half within the first half of the spread, not all at once
