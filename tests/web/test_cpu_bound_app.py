"""Searches and For you run at most two at a time per process; the rest wait their turn on the event loop."""

import asyncio
import threading
import time

import httpx
from fastapi import FastAPI

from dailypapers.web.api import for_you as for_you_api
from dailypapers.web.api import search as search_api
from dailypapers.web.api import similar as similar_api
from dailypapers.web.cpu_bound import CPU_BOUND_AT_ONCE, cpu_bound
from dailypapers.web.pages import for_you as for_you_pages
from dailypapers.web.pages import search as search_pages
from tests.event_loops import run_on_own_thread


def test_no_more_than_two_run_at_once_and_the_rest_all_answer() -> None:
    running, most, lock = 0, 0, threading.Lock()
    app = FastAPI()

    @app.get("/work/{number}")
    @cpu_bound
    def work(number: int, scale: float = 1.0) -> dict[str, object]:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with lock:
            running -= 1
        return {"number": number, "scale": scale, "thread": threading.current_thread().name}

    async def ask_many() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await asyncio.gather(*(client.get(f"/work/{n}", params={"scale": n / 2}) for n in range(12)))

    responses = run_on_own_thread(ask_many())
    assert [response.json()["number"] for response in responses] == list(range(12))
    assert [response.json()["scale"] for response in responses] == [n / 2 for n in range(12)]  # parameters parsed
    assert all(response.json()["thread"] != threading.current_thread().name for response in responses)
    assert most == CPU_BOUND_AT_ONCE == 2


def test_a_bad_parameter_is_still_a_422_before_any_work() -> None:
    app = FastAPI()

    @app.get("/work/{number}")
    @cpu_bound
    def work(number: int) -> int:
        raise AssertionError("not reached")

    async def ask() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            return await client.get("/work/not-a-number")

    assert run_on_own_thread(ask()).status_code == 422


def test_the_search_and_for_you_routes_are_the_limited_ones() -> None:
    limited = [
        search_pages.search_page,
        search_pages.related_results,
        search_api.search,
        similar_api.related_work,
        for_you_pages.for_you_page,
        for_you_api.list_for_you,
    ]
    assert all(getattr(route, "cpu_bound", False) for route in limited)
