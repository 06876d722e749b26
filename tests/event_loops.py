"""Running a coroutine from a test, whatever event loop the session already holds."""

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_on_own_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run on a thread of its own: a browser test's session may hold an event loop on this thread."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
