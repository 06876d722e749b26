"""A local arXiv API for tests: a real HTTP server on 127.0.0.1 answering `/api/query?id_list=...` from
fake papers built out of real ones, scriptable per test (queue failures, slow or cut-off answers) and
recording every request it received, with its arrival time and the client's connection.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from tests.fakes.arxiv_feed import FakePaper, render_entry, render_error_feed, render_feed

_ID = re.compile(r"^(?P<id>\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?$")


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
    """One queued answer. With no `status`, the query is answered as arXiv would, just late or cut off."""

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


class FakeArxiv:
    def __init__(self, papers: Iterable[FakePaper] = ()) -> None:
        self.papers = {paper.arxiv_id: paper for paper in papers}
        self._state = _State()
        self._stopping = threading.Event()
        self._server = _Server(self)
        # A short poll keeps `stop()` quick: shutting down waits for the serving loop to look up.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-arxiv", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

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

    def add(self, paper: FakePaper) -> FakePaper:
        self.papers[paper.arxiv_id] = paper
        return paper

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

    def replay(self, path: Path, *, status: int = 200) -> None:
        """Answer the next request with a recorded response file, byte for byte."""
        self.queue(Scripted(status=status, body=path.read_bytes(), headers=_ATOM_HEADERS))

    def answer(self, params: dict[str, str]) -> tuple[int, bytes]:
        """What arXiv would answer: the known papers among `id_list`, an error entry for a malformed id."""
        id_list = params.get("id_list", "")
        max_results, start = int(params.get("max_results", "10")), int(params.get("start", "0"))
        entries = []
        for wanted in filter(None, id_list.split(",")):
            match = _ID.match(wanted)
            if match is None:
                message = f"incorrect id format for {wanted}"
                return 400, render_error_feed(id_list=id_list, message=message, max_results=max_results)
            paper = self.papers.get(match["id"])
            version = int(match["version"]) if match["version"] else None
            if paper is not None and (version is None or 1 <= version <= len(paper.versions)):
                entries.append(render_entry(paper, version=version))
        page = entries[start : start + max_results]
        return 200, render_feed(id_list=id_list, entries=page, max_results=max_results, start=start)

    def start(self) -> FakeArxiv:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeArxiv:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def _handle(self, handler: _Handler) -> None:
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
            status, headers, body = self._respond(url.path, params, scripted)
            handler.send_response(status)
            for name, value in headers:
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            pass  # the client gave up waiting (a read timeout); nobody is left to answer
        finally:
            with state.lock:
                state.in_flight -= 1

    def _respond(
        self, path: str, params: dict[str, str], scripted: Scripted
    ) -> tuple[int, tuple[tuple[str, str], ...], bytes]:
        if scripted.status is not None:
            return scripted.status, scripted.headers, scripted.body or b""
        if path != "/api/query":
            return 404, (), b"not found"
        status, body = self.answer(params)
        if scripted.truncate:
            body = body[: len(body) // 2]
        return status, _ATOM_HEADERS, body


_ATOM_HEADERS = (("Content-Type", "application/atom+xml; charset=utf-8"),)


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps the connection open between requests, as arXiv's servers do.
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self.server.fake._handle(self)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the request log is `FakeArxiv.requests`; stderr stays quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeArxiv) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake
