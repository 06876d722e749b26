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
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.fakes.oai_pages import OaiRecord, record_from_row, render_error, render_page, render_record
from tests.fakes.scripted_server import Answer, ScriptedServer

PATH = "/oai2"


class FakeOai(ScriptedServer):
    served_path = PATH

    def __init__(self, records: Iterable[OaiRecord] = (), *, page_size: int = 1000, port: int = 0) -> None:
        super().__init__(name="fake-oai", port=port)
        self.records: list[OaiRecord] = sorted(records, key=lambda record: (record.datestamp, record.arxiv_id))
        self.page_size = page_size
        self._rendered: dict[tuple[str, date, date | None, bool], str] = {}  # a record's XML, written once
        self.response_date: datetime | None = None  # None: the clock's time at each answer
        self._lists: list[tuple[str | None, date | None, date | None]] = []
        self._token_epoch = 0  # tokens of an earlier epoch are unknown: they expired

    @property
    def url(self) -> str:
        return self.base_url + PATH

    def expire_tokens(self) -> None:
        """Every resumption token handed out so far becomes unknown (badResumptionToken)."""
        with self._state.lock:
            self._token_epoch += 1

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
            set_spec, from_day, until_day = self._lists[list_id]
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
                self._lists.append((set_spec, from_day, until_day))
                list_id, cursor = len(self._lists) - 1, 0
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
        token = f"{self._token_epoch}.{list_id}|{following}" if following < len(matching) else None
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
        if int(epoch) != self._token_epoch or int(list_id) >= len(self._lists):
            return None
        return int(list_id), int(cursor)

    def _reply(self, params: dict[str, str]) -> Answer:
        return 200, (("Content-Type", "text/xml; charset=utf-8"),), self.answer(params)


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
