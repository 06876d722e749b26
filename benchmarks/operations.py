"""What operating the site costs: the per-request log line and metrics sample, and backup, export and import.

1. The request middleware (one log call, one counter, one histogram sample) around an ASGI app that answers at
   once, against the bare app, in the same process: microseconds per request, and their share of the whole app's
   `/healthz` (every middleware and dependency), with text and JSON log lines written to /dev/null.
2. `dailypapers backup`, `export` and `import` of a SQLite instance made from a JSONL file (the demo's arXiv listing
   by default): seconds and rows per second.
Usage: .venv/bin/python -m benchmarks.operations [--file data/demo/arxiv_cs_demo_10k_contiguous.jsonl.gz]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import upgrade_database
from dailypapers.services.backups import back_up_database
from dailypapers.services.imports import import_file
from dailypapers.services.instance_exports import export_instance
from dailypapers.services.instance_imports import import_instance
from dailypapers.services.logs import configure_logging
from dailypapers.web.request_log import RequestLogMiddleware

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILE = REPO / "data" / "demo" / "arxiv_cs_demo_10k_contiguous.jsonl.gz"
CALLS = 2000
ROUNDS = 7

App = Callable[
    [dict[str, Any], Callable[[], Awaitable[dict[str, Any]]], Callable[[dict[str, Any]], Awaitable[None]]],
    Awaitable[None],
]


async def _answer(scope: dict[str, Any], receive: Any, send: Any) -> None:
    scope["route"] = _Route()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


class _Route:
    path = "/healthz"


async def _time_calls(app: Any) -> float:
    """Microseconds per request, the median of ROUNDS rounds of CALLS requests."""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(_: dict[str, Any]) -> None:
        return None

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "scheme": "http",
        "method": "GET",
        "path": "/healthz",
        "raw_path": b"/healthz",
        "root_path": "",
        "query_string": b"",
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000),
        "headers": [(b"host", b"127.0.0.1:8000")],
    }
    rounds = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(CALLS):
            await app(dict(scope), receive, send)
        rounds.append((time.perf_counter() - started) / CALLS * 1e6)
    return statistics.median(rounds)


def _whole_app() -> Any:
    """The site's app over a scratch SQLite database: /healthz through every middleware and dependency."""
    from dailypapers.services.container import Services
    from dailypapers.settings import Settings
    from dailypapers.web.app import create_app

    directory = Path(tempfile.mkdtemp())
    settings = Settings(_env_file=None, data_dir=directory, semantic_search=False)  # type: ignore[call-arg]
    return create_app(settings, services=Services(settings, serving=True))


def measure_request_log() -> None:
    root = logging.getLogger()
    for log_format in ("text", "json"):
        root.handlers.clear()
        with open("/dev/null", "w") as sink:  # noqa: PTH123 - a stream for the handler
            configure_logging(level=logging.INFO, log_format=log_format)  # type: ignore[arg-type]
            root.handlers[0].stream = sink  # type: ignore[attr-defined]
            bare = asyncio.run(_time_calls(_answer))
            logged = asyncio.run(_time_calls(RequestLogMiddleware(_answer)))  # type: ignore[arg-type]
            whole = asyncio.run(_time_calls(_whole_app()))
        added = logged - bare
        print(
            f"request log ({log_format}): {added:.1f} µs per request (around an app answering at once: {bare:.1f} µs "
            f"bare, {logged:.1f} µs with it); the whole app's /healthz {whole:.0f} µs, so {added / whole:.1%} of it; "
            f"medians of {ROUNDS} rounds of {CALLS:,} requests"
        )
    root.handlers.clear()


def measure_moving(source_file: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        engine = create_db_engine(f"sqlite:///{directory / 'source.sqlite3'}")
        upgrade_database(engine)
        db = Database(engine)
        report = import_file(db, path=source_file)
        papers = report.inserted
        size = (directory / "source.sqlite3").stat().st_size
        started = time.perf_counter()
        back_up_database(db, target=directory / "backup.sqlite3")
        backup_seconds = time.perf_counter() - started
        print(f"backup: {papers:,} papers, {size / 1e6:.0f} MB database, {backup_seconds:.2f} s")
        started = time.perf_counter()
        exported = export_instance(db, target=directory / "export.jsonl.gz", include_private=True)
        export_seconds = time.perf_counter() - started
        rows = sum(exported.row_counts.values())
        print(
            f"export: {rows:,} rows in {export_seconds:.2f} s ({rows / export_seconds:,.0f} rows/s), "
            f"{(directory / 'export.jsonl.gz').stat().st_size / 1e6:.1f} MB gzipped"
        )
        target = create_db_engine(f"sqlite:///{directory / 'target.sqlite3'}")
        upgrade_database(target)
        started = time.perf_counter()
        import_instance(Database(target), path=directory / "export.jsonl.gz")
        import_seconds = time.perf_counter() - started
        print(f"import: {rows:,} rows in {import_seconds:.2f} s ({rows / import_seconds:,.0f} rows/s)")
        engine.dispose()
        target.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="A JSONL file of papers to build the instance.")
    arguments = parser.parse_args()
    measure_request_log()
    measure_moving(arguments.file)


if __name__ == "__main__":
    main()
