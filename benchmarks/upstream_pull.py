"""Following an upstream: a full pull of the shipped Daily Papers archive (580 listing days, 2024-05-27 ..
2026-08-21) from a local dailypapers instance serving it, into an empty database.

    .venv/bin/python -m benchmarks.upstream_pull [--days N] [--postgres URL] [--port 8172] [--runs 1]

The upstream runs as its own process (`dailypapers serve`, SQLite, the archive imported first). The follower pulls
every calendar day of the range (days without a list answer an empty page) with no pause between requests, as
against a local upstream; the default pause (DAILYPAPERS_UPSTREAM_MIN_INTERVAL, 1 s) adds one second a request on
top, printed apart. The baseline, measured first in the same process after one pass that warms the upstream up, is
the same requests over one connection with httpx and nothing done with the answers: what the upstream and the
loopback alone cost. A second pull of the same range (nothing changes) is timed too. Figures are medians of
`--runs` runs, each into an empty database.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from benchmarks.databases import fresh_database
from dailypapers.services.upstream import pull_upstream
from dailypapers.sources.upstream_api import PAGE_SIZE, UpstreamClient

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz"


def listing_days() -> list[date]:
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as lines:
        return sorted({date.fromisoformat(json.loads(line)["daily_date"]) for line in lines})


def start_upstream(directory: Path, port: int) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "DAILYPAPERS_DATA_DIR": str(directory), "DAILYPAPERS_SEMANTIC_SEARCH": "false"}
    command = [sys.executable, "-m", "dailypapers"]
    subprocess.run([*command, "migrate"], env=environment, cwd=directory, check=True, capture_output=True)
    subprocess.run([*command, "import", str(ARCHIVE)], env=environment, cwd=directory, check=True, capture_output=True)
    # The keyword index on disk, built now rather than in the background of the server while it is measured (the
    # command then says, with status 2, that semantic search is off: nothing to embed).
    subprocess.run([*command, "index"], env=environment, cwd=directory, check=False, capture_output=True)
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        env=environment,
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/daily_papers?date=2025-06-12&limit=1", timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the upstream did not start")


def baseline(url: str, days: list[date]) -> float:
    started = time.perf_counter()
    with httpx.Client(limits=httpx.Limits(max_connections=1)) as client:
        for day in days:
            client.get(f"{url}/api/daily_papers", params={"date": day.isoformat(), "p": "0", "limit": str(PAGE_SIZE)})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=0, help="Only the first N listing days (0: all 580)")
    parser.add_argument("--postgres", help="Pull into this PostgreSQL database (emptied first) instead of SQLite")
    parser.add_argument("--port", type=int, default=8172)
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args()

    listed = listing_days()
    if options.days:
        listed = listed[: options.days]
    start, end = listed[0], listed[-1]
    calendar = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "upstream").mkdir()
        upstream = start_upstream(Path(scratch) / "upstream", options.port)
        url = f"http://127.0.0.1:{options.port}"
        try:
            baseline(url, calendar)  # warms the upstream's caches, so neither measure pays for them
            base = baseline(url, calendar)
            pulls, repulls = [], []
            for run in range(options.runs):
                target = options.postgres or f"sqlite:///{scratch}/follower-{run}.sqlite3"
                db = fresh_database(target)
                with UpstreamClient(url, min_interval=0.0) as client:
                    began = time.perf_counter()
                    report = pull_upstream(db, source=client, start=start, end=end)
                    pulls.append(time.perf_counter() - began)
                    began = time.perf_counter()
                    again = pull_upstream(db, source=client, start=start, end=end)
                    repulls.append(time.perf_counter() - began)
                assert report.complete and again.complete and again.added == 0 and again.counts_changed == 0
                db.engine.dispose()
        finally:
            upstream.terminate()
            upstream.wait(timeout=30)
    pull, repull = statistics.median(pulls), statistics.median(repulls)
    print(f"database: {'PostgreSQL' if options.postgres else 'SQLite'}")
    print(f"range: {start}..{end}, {len(calendar)} calendar days ({len(listed)} listing days), {report.items:,} items")
    print(f"baseline (bare GETs, one connection): {base:.1f} s, {len(calendar) / base:.0f} requests/s")
    print(
        f"full pull into an empty database:     {pull:.1f} s ({', '.join(f'{t:.1f}' for t in pulls)}), "
        f"{report.items / pull:.0f} items/s, {pull / base:.1f}x the baseline"
    )
    print(f"second pull (nothing changes):        {repull:.1f} s, {repull / base:.1f}x the baseline")
    print(f"with the default 1 s pause:           +{len(calendar):,} s, about {(pull + len(calendar)) / 60:.0f} min")


if __name__ == "__main__":
    main()
