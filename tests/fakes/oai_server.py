"""A local arXiv OAI-PMH interface: a real HTTP server on 127.0.0.1 answering `ListRecords` (`metadataPrefix=arXiv`)
from real listings, a page at a time with resumption tokens, and scriptable per test (503 + Retry-After, slow or
cut-off pages, expired tokens), recording every request.

Run it by hand to point an instance at it:
    python -m tests.fakes.oai_server data/demo/arxiv_cs_demo_10k_contiguous.jsonl.gz --port 8101 --recent
(`--recent` moves the datestamps so the listings' last day is yesterday, as if arXiv had just announced them.)
"""

from __future__ import annotations

import argparse
import gzip
import json
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.arxiv_server import ReceivedRequest, Scripted
from tests.fakes.oai_pages import OaiRecord, record_from_row, render_error, render_page, render_record

PATH = "/oai2"


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    script: deque[Scripted] = field(default_factory=deque)
    requests: list[ReceivedRequest] = field(default_factory=list)
    lists: list[tuple[str | None, date | None, date | None]] = field(default_factory=list)
    token_epoch: int = 0  # tokens of an earlier epoch are unknown: they expired
    in_flight: int = 0
    max_in_flight: int = 0


class FakeOai:
    def __init__(self, records: Iterable[OaiRecord] = (), *, page_size: int = 1000, port: int = 0) -> None:
        self.records: list[OaiRecord] = sorted(records, key=lambda record: (record.datestamp, record.arxiv_id))
        self.page_size = page_size
        self._rendered: dict[tuple[str, date, date | None, bool], str] = {}  # a record's XML, written once
        self.response_date: datetime | None = None  # None: the clock's time at each answer
        self._state = _State()
        self._stopping = threading.Event()
        self._server = _Server(self, port)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-oai", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{PATH}"

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def max_in_flight(self) -> int:
        return self._state.max_in_flight

    def queue(self, *answers: Scripted) -> None:
        """The next requests get these answers, in order, whatever they ask; then normal service resumes."""
        with self._state.lock:
            self._state.script.extend(answers)

    def fail(self, status: int, *, times: int = 1, retry_after: str | None = None) -> None:
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        body = f"<html><body><h1>{status}</h1></body></html>".encode()
        self.queue(*[Scripted(status=status, body=body, headers=headers)] * times)

    def truncate(self, *, times: int = 1) -> None:
        self.queue(*[Scripted(truncate=True)] * times)

    def answer_slowly(self, seconds: float, *, times: int = 1) -> None:
        self.queue(*[Scripted(delay=seconds)] * times)

    def expire_tokens(self) -> None:
        """Every resumption token handed out so far becomes unknown (badResumptionToken)."""
        with self._state.lock:
            self._state.token_epoch += 1

    def answer(self, params: dict[str, str]) -> bytes:
        """What arXiv would answer to these arguments."""
        stamp = (self.response_date or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")

        def error(code: str, message: str) -> bytes:
            return render_error(request=params, base_url=self.url, response_date=stamp, code=code, message=message)

        if params.get("verb") != "ListRecords":
            return error("badVerb", "Illegal verb")
        if "resumptionToken" in params:
            if set(params) != {"verb", "resumptionToken"}:
                return error("badArgument", "resumptionToken is an exclusive argument")
            parsed = self._read_token(params["resumptionToken"])
            if parsed is None:
                return error("badResumptionToken", f"Invalid or expired resumption token: {params['resumptionToken']}")
            list_id, cursor = parsed
            set_spec, from_day, until_day = self._state.lists[list_id]
        else:
            if "metadataPrefix" not in params:
                return error("badArgument", "metadataPrefix is required")
            if params["metadataPrefix"] != "arXiv":
                return error("cannotDisseminateFormat", f"Unknown metadataPrefix {params['metadataPrefix']}")
            try:
                from_day = date.fromisoformat(params["from"]) if "from" in params else None
                until_day = date.fromisoformat(params["until"]) if "until" in params else None
            except ValueError:
                return error("badArgument", "Illegal date format")
            set_spec = params.get("set")
            if set_spec is not None and not any(set_spec in record.archives for record in self.records):
                return error("badArgument", f"Invalid set specification: {set_spec}")
            with self._state.lock:
                self._state.lists.append((set_spec, from_day, until_day))
                list_id, cursor = len(self._state.lists) - 1, 0
        matching = [
            record
            for record in self.records
            if (set_spec is None or set_spec in record.archives)
            and (from_day is None or record.datestamp >= from_day)
            and (until_day is None or record.datestamp <= until_day)
        ]
        if not matching:
            return error("noRecordsMatch", "No records match the request")
        page = matching[cursor : cursor + self.page_size]
        following = cursor + len(page)
        token = f"{self._state.token_epoch}.{list_id}|{following}" if following < len(matching) else None
        return render_page(
            rendered=[self._render(record) for record in page],
            request=params,
            base_url=self.url,
            response_date=stamp,
            token=token,
            cursor=cursor,
            complete_list_size=len(matching),
        )

    def _render(self, record: OaiRecord) -> str:
        key = (record.arxiv_id, record.datestamp, record.updated, record.row is None)
        text = self._rendered.get(key)
        if text is None:
            text = self._rendered[key] = render_record(record)
        return text

    def _read_token(self, token: str) -> tuple[int, int] | None:
        head, _, cursor = token.partition("|")
        epoch, _, list_id = head.partition(".")
        if not (epoch.isdigit() and list_id.isdigit() and cursor.isdigit()):
            return None
        if int(epoch) != self._state.token_epoch or int(list_id) >= len(self._state.lists):
            return None
        return int(list_id), int(cursor)

    def start(self) -> FakeOai:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOai:
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
            if scripted.status is not None:
                status, headers, body = scripted.status, scripted.headers, scripted.body or b""
            elif url.path != PATH:
                status, headers, body = 404, (), b"not found"
            else:
                status, headers, body = 200, (("Content-Type", "text/xml; charset=utf-8"),), self.answer(params)
                if scripted.truncate:
                    body = body[: len(body) // 2]
            handler.send_response(status)
            for name, value in headers:
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            pass  # the client went away
        finally:
            with state.lock:
                state.in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self.server.fake._handle(self)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeOai, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.fake = fake


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a shipped listing file (JSONL, plain or .gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def records_from_files(paths: Iterable[Path], *, recent: bool = False, today: date | None = None) -> list[OaiRecord]:
    records = [record_from_row(row) for path in paths for row in read_rows(path)]
    if recent and records:
        shift = (today or datetime.now(UTC).date()) - timedelta(days=1) - max(record.datestamp for record in records)
        records = [replace(record, datestamp=record.datestamp + shift) for record in records]
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve shipped arXiv listings as arXiv's OAI-PMH ListRecords.")
    parser.add_argument("files", nargs="+", type=Path, help="JSONL listing files (plain or .gz)")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--recent", action="store_true", help="date the last listing day yesterday")
    arguments = parser.parse_args()
    records = records_from_files(arguments.files, recent=arguments.recent)
    server = FakeOai(records, page_size=arguments.page_size, port=arguments.port)
    print(f"{len(server.records):,} records at {server.url}", flush=True)
    try:
        server._server.serve_forever()
    except KeyboardInterrupt:
        server._server.server_close()


if __name__ == "__main__":
    main()
