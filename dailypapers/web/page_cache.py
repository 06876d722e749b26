"""Anonymous readers' copies of the busiest public pages and API reads, kept per web process, with `ETag`/`304`.

Only GET requests without a session cookie or an `Authorization` header are answered from it, so a member never
gets a page made for someone else, and a member's vote shows to them at once (their pages are never cached). A
copy is made at a number of the database's pages counter, which triggers raise in every transaction that writes
what those pages show, whichever node writes; the counter is read at most once per `check_seconds`. A copy is
also made again after `ttl_seconds` (each copy a little sooner, at random: see EXPIRY_SPREAD), since some pages
move with the clock (trending, "today"): the reader who finds it older is answered with it while it is made again
behind them (as HTTP's stale-while-revalidate), unless it is older than STALE_LIMIT times `ttl_seconds`. The one
per-visitor part of an anonymous page, the CSRF token of its forms, is left as a placeholder in the copy and
filled in for each visitor, starting their `dp_csrf` cookie when they have none; a response that sets any other
cookie is not kept.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import anyio.to_thread
from fastapi import Response
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dailypapers.domain.signing import Purpose, sign_value
from dailypapers.settings import Settings
from dailypapers.web.cookies import SESSION_COOKIE, set_cookie
from dailypapers.web.csrf import CSRF_COOKIE, CSRF_PLACEHOLDER

_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})"
CACHED_PATHS = re.compile(
    rf"^(?:/|/papers/trending|/papers/(?:date|week|month)/[\w-]+|/papers/{_ID}|/api/daily_papers|/api/papers/{_ID})$"
)
_KEPT_TYPES = (b"text/html", b"application/json")
MAX_ENTRIES = 512  # pages of 10-60 kB: at most some 30 MB per process
# Copies remade behind their readers at once, per process: many copies made together (after a start, or a write)
# come due together, and remaking them all at once would hold up the requests being answered meanwhile; the others
# are answered from their copy until a later reader finds a remake free.
MAX_REMAKES_AT_ONCE = 2
# The share of `ttl_seconds` by which each copy comes due sooner, drawn at random when it is made: copies made in
# the same second (the first readers after a start or a write) would otherwise all come due in the same second
# again, one period later, and their remakes queue up behind the bound above while the clock's due copies pile up.
EXPIRY_SPREAD = 0.25
# How many times `ttl_seconds` a copy may be answered while it is made again. Nothing was written since it was made
# (its number is current), so it is off only in what moves with the clock; a page left unread for a while (a link
# posted to a forum) is still answered at once to the crowd that comes, rather than made before each first reader.
STALE_LIMIT = 10
_PLACEHOLDER = CSRF_PLACEHOLDER.encode()
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]  # without content-length
    body: bytes  # with the CSRF placeholder where the page has forms
    digest: str
    made_at: float
    fresh_for: float  # seconds after `made_at` it is answered without being made again
    version: int  # the pages counter read before the route ran: the page holds every write up to it
    route: object = None  # the route that made it, left in the scope of each answer from it (the request log's label)


class PageCacheMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        settings: Settings,
        read_version: Callable[[], int | None],
        ttl_seconds: float,
        check_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        draw: Callable[[], float] = random.random,
    ) -> None:
        self.app = app
        self.settings = settings
        self.read_version = read_version
        self.ttl_seconds = ttl_seconds
        self.check_seconds = check_seconds
        self.clock = clock
        self.draw = draw
        self.entries: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()
        self.making: dict[tuple[str, bytes], asyncio.Future[Entry | None]] = {}
        self.refreshing: set[asyncio.Task[Entry | None]] = set()
        self.version: int | None = None
        self.checked_at = float("-inf")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.ttl_seconds or not _is_anonymous_read(scope):
            await self.app(scope, receive, send)
            return
        version = await self._current_version()
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        entry = self.entries.get(key)
        age = self.clock() - entry.made_at if entry is not None else 0.0
        if entry is not None and entry.version == version and age < STALE_LIMIT * self.ttl_seconds:
            self.entries.move_to_end(key)
            if age >= entry.fresh_for and key not in self.making and len(self.refreshing) < MAX_REMAKES_AT_ONCE:
                # Nothing was written since, only time passed: this reader gets the copy, and it is made again
                # behind them, so no reader waits on a page being made for the clock's sake.
                made = self._claim(key)  # now, not when the task starts: the next request must see it
                task = asyncio.create_task(self._make_once(key, made, version, _background(scope), _no_body, _discard))
                self.refreshing.add(task)
                task.add_done_callback(self._forget)
        elif key in self.making:
            # Another request is making this page: wait for its copy rather than make it again alongside (when a
            # copy of the front page expires, every connection asks for it at once).
            entry = await asyncio.shield(self.making[key])
            if entry is None:
                await self.app(scope, receive, send)
                return
        else:
            entry = await self._make_once(key, self._claim(key), version, scope, receive, send)
            if entry is None:
                return
        await self._answer(scope, send, entry)

    def _forget(self, task: asyncio.Task[Entry | None]) -> None:
        self.refreshing.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("remaking %s failed", task.get_name(), exc_info=task.exception())

    def _claim(self, key: tuple[str, bytes]) -> asyncio.Future[Entry | None]:
        """Mark the page as being made; requests for it meanwhile wait for the returned future's copy."""
        made: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
        self.making[key] = made
        return made

    async def _make_once(
        self,
        key: tuple[str, bytes],
        made: asyncio.Future[Entry | None],
        version: int,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> Entry | None:
        entry = None
        try:
            entry = await self._make(version, scope, receive, send)
        finally:
            del self.making[key]
            made.set_result(entry)
        if entry is not None and entry.version == self.version:
            self.entries[key] = entry
            if len(self.entries) > MAX_ENTRIES:
                self.entries.popitem(last=False)
        return entry

    async def _current_version(self) -> int | None:
        now = self.clock()
        if now - self.checked_at >= self.check_seconds:
            self.checked_at = now  # requests meanwhile use the number already read, rather than all asking again
            version = await anyio.to_thread.run_sync(self.read_version)
            if version != self.version:
                self.entries.clear()
                self.version = version
        return self.version

    async def _make(self, version: int, scope: Scope, receive: Receive, send: Send) -> Entry | None:
        """Run the route with the CSRF placeholder in its forms; keep what it answers when it may be shared,
        else pass it on (placeholder filled in) and return None."""
        made_at = self.clock()
        fresh_for = self.ttl_seconds * (1 - EXPIRY_SPREAD * self.draw())
        scope.setdefault("state", {})["page_cache"] = True
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        headers = [(name, value) for name, value in start.get("headers", []) if name.lower() != b"content-length"]
        entry = Entry(start.get("status", 500), headers, b"".join(chunks), "", made_at, fresh_for, version)
        content_type = Headers(raw=headers).get("content-type", "").encode()
        if (
            entry.status == 200
            and content_type.startswith(_KEPT_TYPES)
            and not any(name.lower() == b"set-cookie" for name, _ in headers)
        ):
            digest = hashlib.blake2b(entry.body, digest_size=10).hexdigest()
            return Entry(entry.status, headers, entry.body, digest, made_at, fresh_for, version, scope.get("route"))
        await self._answer(scope, send, entry, conditional=False)
        return None

    async def _answer(self, scope: Scope, send: Send, entry: Entry, *, conditional: bool = True) -> None:
        if entry.route is not None:
            scope.setdefault("route", entry.route)
        headers = list(entry.headers)
        body = entry.body
        etag = f'"{entry.digest}"' if entry.digest else ""
        if _PLACEHOLDER in body:
            seed = _cookie(scope, CSRF_COOKIE)
            if seed is None:
                seed = secrets.token_urlsafe(32)
                headers.extend(self._csrf_cookie(seed))
                etag = ""  # an answer that starts a cookie is not one to revalidate
            elif etag:
                etag = f'"{entry.digest}-{hashlib.blake2b(seed.encode(), digest_size=6).hexdigest()}"'
            token = sign_value(self.settings.secret_key.get_secret_value(), purpose=Purpose.CSRF, value=seed)
            body = body.replace(_PLACEHOLDER, token.encode())
        if etag:
            headers.extend([(b"etag", etag.encode()), (b"cache-control", b"no-cache"), (b"vary", b"Cookie")])
            if conditional and etag in Headers(scope=scope).get("if-none-match", ""):
                await send({"type": "http.response.start", "status": 304, "headers": headers})
                await send({"type": "http.response.body", "body": b""})
                return
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _csrf_cookie(self, seed: str) -> list[tuple[bytes, bytes]]:
        response = Response()
        set_cookie(response, CSRF_COOKIE, seed, settings=self.settings, max_age=None)
        return [(name, value) for name, value in response.raw_headers if name == b"set-cookie"]


def _is_anonymous_read(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET" or not CACHED_PATHS.match(scope["path"]):
        return False
    return "authorization" not in Headers(scope=scope) and _cookie(scope, SESSION_COOKIE) is None


def _cookie(scope: Scope, name: str) -> str | None:
    return cookie_parser(Headers(scope=scope).get("cookie", "")).get(name) or None


def _background(scope: Scope) -> Scope:
    """The request's scope for making its page again after answering it: no state of its own yet."""
    return {**scope, "state": {}}


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _discard(_: Message) -> None:
    return None
