"""Routes whose work is the process's own CPU (a search: the model, the vector scan, ranking, highlighting,
rendering) run a few at a time per process; the others wait their turn on the event loop, not in threads of their
own.

FastAPI would run each such request in a thread of its pool (40 per process): under load a worker held some sixteen
searches at once, all taking turns at the GIL, and each cost a fifth more CPU than alone while the slowest waited
longest. Two at a time keep the core busy (one can run its model or database read, outside the GIL, while the other
runs Python) and serve requests in the order they came (docs/benchmarks.md, "Search under load").
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

P = ParamSpec("P")
R = TypeVar("R")

CPU_BOUND_AT_ONCE = 2
# One limiter per event loop: a worker has one; tests start and stop many.
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = weakref.WeakKeyDictionary()


def cpu_bound(endpoint: Callable[P, R]) -> Callable[P, R]:
    """A plain `def` route run in the thread pool like any other, but at most CPU_BOUND_AT_ONCE at a time in this
    process. Put it under the route decorator; FastAPI reads the parameters from `endpoint` itself."""

    @functools.wraps(endpoint)
    async def limited(*args: P.args, **kwargs: P.kwargs) -> R:
        return await anyio.to_thread.run_sync(functools.partial(endpoint, *args, **kwargs), limiter=_limiter())

    limited.cpu_bound = True  # type: ignore[attr-defined]
    return limited  # type: ignore[return-value]


def _limiter() -> CapacityLimiter:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(CPU_BOUND_AT_ONCE)
    return limiter
