"""One log line and one metrics sample per request: method, path, status and duration, under the route's template
(`/papers/{arxiv_id:path}`, never the raw path, so the metrics' label values stay few).

It replaces uvicorn's access log, and is as cheap: no database work, one logging call.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dailypapers.services.metrics import record_request

log = logging.getLogger("dailypapers.requests")
UNMATCHED = "(unmatched)"  # no route answered: a 404 for a made-up path, or a method no route takes


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers when the app fails before it starts a response

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            seconds = time.perf_counter() - started
            method, path = scope["method"], scope["path"]
            route = route_template(scope)
            record_request(method=method, route=route, status=status, seconds=seconds)
            client = scope.get("client")
            log.info(
                "%s %s %d %.1f ms",
                method,
                path,
                status,
                seconds * 1000,
                extra={
                    "method": method,
                    "path": path,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "client": client[0] if client else None,
                },
            )


def route_template(scope: Scope) -> str:
    """The template of the route that answered (a mount's prefix for static files)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return UNMATCHED
    return path or "/"
