"""What the local fake servers share: a real HTTP server on 127.0.0.1 in a thread of its own (`LocalServer`), and
for the fakes of arXiv, a server that records every request and answers from a per-test script before answering
as the real service would (`ScriptedServer`). A subclass only says how it answers a request.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, tuple[tuple[str, str], ...], bytes]  # status, headers, body


class LocalServer:
    """Serves on 127.0.0.1 (`port` 0: any free port) once started; `_handle` answers each GET."""

    def __init__(self, *, name: str, port: int = 0) -> None:
        self._stopping = threading.Event()
        self._server = _Server(self, port)
        # A short poll keeps `stop()` quick: shutting down waits for the serving loop to look up.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name=name, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def _handle(self, handler: Handler) -> None:
        raise NotImplementedError


def send(handler: BaseHTTPRequestHandler, status: int, headers: Iterable[tuple[str, str]], body: bytes) -> None:
    handler.send_response(status)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@dataclass(frozen=True)
class ReceivedRequest:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    # The client's port: one port across requests means one reused connection.
    peer_port: int
    at: float  # time.monotonic() on arrival


@dataclass(frozen=True)
class Scripted:
    """One queued answer. With no `status`, the query is answered as the service would, just late or cut off."""

    status: int | None = None
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    truncate: bool = False


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    script: deque[Scripted] = field(default_factory=deque)
    requests: list[ReceivedRequest] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0


class ScriptedServer(LocalServer):
    """Answers GETs of `served_path` with `_reply` (anything else: 404), unless the script says otherwise."""

    served_path: str

    def __init__(self, *, name: str, port: int = 0) -> None:
        super().__init__(name=name, port=port)
        self._state = _State()

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def max_in_flight(self) -> int:
        """The most requests the server was answering at once."""
        return self._state.max_in_flight

    def gaps(self) -> list[float]:
        """Seconds between the arrivals of consecutive requests."""
        times = [request.at for request in self.requests]
        return [later - earlier for earlier, later in itertools.pairwise(times)]

    def queue(self, *answers: Scripted) -> None:
        """The next requests get these answers, in order, whatever they ask; then normal service resumes."""
        with self._state.lock:
            self._state.script.extend(answers)

    def fail(self, status: int, *, times: int = 1, retry_after: str | None = None) -> None:
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        body = f"<html><body><h1>{status}</h1></body></html>".encode()
        self.queue(*[Scripted(status=status, body=body, headers=headers)] * times)

    def answer_slowly(self, seconds: float, *, times: int = 1) -> None:
        self.queue(*[Scripted(delay=seconds)] * times)

    def truncate(self, *, times: int = 1) -> None:
        self.queue(*[Scripted(truncate=True)] * times)

    def _reply(self, params: dict[str, str]) -> Answer:
        """What the service would answer to these query arguments."""
        raise NotImplementedError

    def _handle(self, handler: Handler) -> None:
        url = urlsplit(handler.path)
        params = {key: values[-1] for key, values in parse_qs(url.query, keep_blank_values=True).items()}
        state = self._state
        with state.lock:
            state.requests.append(
                ReceivedRequest(
                    path=url.path,
                    params=params,
                    headers=dict(handler.headers.items()),
                    peer_port=handler.client_address[1],
                    at=time.monotonic(),
                )
            )
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
            scripted = state.script.popleft() if state.script else Scripted()
        try:
            self._stopping.wait(scripted.delay)
            send(handler, *self._respond(url.path, params, scripted))
        except OSError:
            pass  # the client gave up waiting (a read timeout); nobody is left to answer
        finally:
            with state.lock:
                state.in_flight -= 1

    def _respond(self, path: str, params: dict[str, str], scripted: Scripted) -> Answer:
        if scripted.status is not None:
            return scripted.status, scripted.headers, scripted.body or b""
        if path != self.served_path:
            return 404, (), b"not found"
        status, headers, body = self._reply(params)
        if scripted.truncate:
            body = body[: len(body) // 2]
        return status, headers, body


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps the connection open between requests, as the real services do.
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self.server.fake._handle(self)

    def log_message(self, format: str, *args: object) -> None:
        pass  # each fake keeps its own request log; stderr stays quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: LocalServer, port: int) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.fake = fake
