"""Harvest speed: records/s read from a local OAI-PMH replay of the shipped arXiv listings (pages of 1,000, politeness
off) and stored through the paper merge, into a fresh SQLite database (and PostgreSQL when asked); and the harvest's
peak memory at two list sizes, which stays flat when the pages are streamed.

    .venv/bin/python -m benchmarks.harvest_speed [--records 20000] [--runs 3] [--postgres URL]

The replay server runs in its own process (tests/fakes/oai_server.py), so its rendering does not share this
process's interpreter. The baseline, measured in the same process, fetches and parses every page without a
database; the ratio says what storing costs. The same rows imported from JSONL by `dailypapers import` (one run per
database) show what the merge and the keyword index, shared by both, cost on their own.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

import httpx

from benchmarks.databases import fresh_database
from dailypapers.services.harvest import HarvestOptions, harvest_papers
from dailypapers.services.imports import import_file
from dailypapers.sources.arxiv_oai_client import ArxivOaiClient
from dailypapers.sources.rate_limit import RateLimiter

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "arxiv-cs" / "arxiv_cs_2025-03_2026-07.jsonl.gz"
PORT = 8102
EVERYTHING = HarvestOptions(sets=["cs"], from_day=date(2000, 1, 1))


def client(url: str) -> ArxivOaiClient:
    return ArxivOaiClient(url, rate_limiter=RateLimiter(min_interval=0.0))


def parse_only(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    count = 0
    with client(url) as oai:
        page = oai.list_records(set_spec="cs", from_day=EVERYTHING.from_day)
        count += page.record_count
        while page.resumption_token:
            page = oai.list_records(resumption_token=page.resumption_token)
            count += page.record_count
    return count, time.perf_counter() - started


def harvest_once(url: str, database_url: str, *, trace_memory: bool = False) -> tuple[int, float, float]:
    """Records, seconds, and the peak of Python allocations during the harvest in MB (0 when not traced)."""
    db = fresh_database(database_url)
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    with client(url) as oai:
        report = harvest_papers(db, oai, EVERYTHING)
    elapsed = time.perf_counter() - started
    peak = 0.0
    if trace_memory:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    db.engine.dispose()
    assert report.stopped is None and report.skipped == 0, report.summary()
    return report.records, elapsed, peak


def import_once(rows_file: Path, database_url: str) -> tuple[int, float]:
    """The same rows through `dailypapers import`: what the shared merge and keyword index cost on their own."""
    db = fresh_database(database_url)
    started = time.perf_counter()
    report = import_file(db, path=rows_file)
    elapsed = time.perf_counter() - started
    db.engine.dispose()
    return report.inserted, elapsed


def serve(rows_file: Path, page_size: int) -> tuple[subprocess.Popen[bytes], str]:
    command = [sys.executable, "-m", "tests.fakes.oai_server", str(rows_file), "--port", str(PORT)]
    process = subprocess.Popen([*command, "--page-size", str(page_size)], cwd=ROOT, stdout=subprocess.PIPE)
    url = f"http://127.0.0.1:{PORT}/oai2"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(url, params={"verb": "Identify"}, timeout=1.0)
            return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the replay server did not start")


def write_rows(source: Path, target: Path, count: int) -> None:
    with gzip.open(source, "rt", encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(lines, count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--postgres", help="also harvest into this PostgreSQL database (it is emptied)")
    args = parser.parse_args()
    if not args.file.exists():
        print(f"skipped: {args.file} is absent (it lives in the shared data folder, not in the repository)")
        return

    with tempfile.TemporaryDirectory() as directory:
        small, large = Path(directory, "small.jsonl"), Path(directory, "large.jsonl")
        write_rows(args.file, large, args.records)
        write_rows(args.file, small, args.records // 4)
        server, url = serve(large, args.page_size)
        try:
            parse_only(url)  # the server writes each record's XML once, on its first request: not measured
            baseline = [parse_only(url) for _ in range(args.runs)]
            base_rate = statistics.median(count / seconds for count, seconds in baseline)
            print(f"{baseline[0][0]:,} records in pages of {args.page_size:,} from {args.file.name}")
            print(f"baseline, fetch and parse only: median {base_rate:8,.0f} records/s")
            targets = [("sqlite", None)] + ([("postgresql", args.postgres)] if args.postgres else [])
            for name, database_url in targets:
                rates = []
                for run in range(args.runs):
                    count, seconds, _ = harvest_once(url, database_url or f"sqlite:///{directory}/bench{run}.sqlite3")
                    rates.append(count / seconds)
                    print(f"{name:10} run {run + 1}: {count:,} records in {seconds:6.1f} s = {count / seconds:8,.0f}/s")
                median = statistics.median(rates)
                imported, seconds = import_once(large, database_url or f"sqlite:///{directory}/import.sqlite3")
                print(f"{name:10} the same rows by `dailypapers import`, 1 run: {imported / seconds:8,.0f} papers/s")
                print(
                    f"{name:10} median {median:8,.0f} records/s  "
                    f"({median / base_rate:.2f}× the fetch-and-parse baseline)"
                )
            _, _, peak_large = harvest_once(url, f"sqlite:///{directory}/memory_large.sqlite3", trace_memory=True)
        finally:
            server.terminate()
            server.wait()
        server, url = serve(small, args.page_size)
        try:
            parse_only(url)
            count_small, _, peak_small = harvest_once(
                url, f"sqlite:///{directory}/memory_small.sqlite3", trace_memory=True
            )
        finally:
            server.terminate()
            server.wait()
    print(
        f"peak Python allocations during a harvest (tracemalloc): {count_small:,} records {peak_small:5.1f} MB, "
        f"{args.records:,} records {peak_large:5.1f} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
