"""Import speed: the 75k-paper arXiv file into a fresh SQLite database (and PostgreSQL when asked).

    .venv/bin/python -m benchmarks.import_speed [--runs 3] [--file PATH] [--postgres URL]

Prints papers/s per run and the median, beside a baseline measured in the same process: reading and parsing the
same file without touching a database. The ratio says what the database costs on this machine today.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.databases import fresh_database
from dailypapers.services.imports import import_file
from dailypapers.sources.jsonl import GoodLine, JsonlFile

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "arxiv-cs" / "arxiv_cs_2025-03_2026-07.jsonl.gz"


def parse_only(path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    count = sum(isinstance(item, GoodLine) for item in JsonlFile(path))
    return count, time.perf_counter() - started


def import_once(path: Path, url: str) -> tuple[int, float]:
    db = fresh_database(url)
    started = time.perf_counter()
    report = import_file(db, path=path)
    elapsed = time.perf_counter() - started
    db.engine.dispose()
    return report.inserted, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--postgres", help="also import into this PostgreSQL database (it is emptied)")
    args = parser.parse_args()
    if not args.file.exists():
        print(f"skipped: {args.file} is absent (it lives in the shared data folder, not in the repository)")
        return

    baseline = [parse_only(args.file) for _ in range(args.runs)]
    base_rate = statistics.median(count / seconds for count, seconds in baseline)
    print(f"file: {args.file.name}, {baseline[0][0]:,} papers")
    print(f"baseline, parse only:   median {base_rate:8,.0f} papers/s")

    targets = [("sqlite", None)] + ([("postgresql", args.postgres)] if args.postgres else [])
    for name, url in targets:
        rates = []
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as directory:
                count, seconds = import_once(args.file, url or f"sqlite:///{directory}/bench.sqlite3")
            rates.append(count / seconds)
            print(f"{name:10} run {run + 1}: {count:,} papers in {seconds:6.1f} s = {count / seconds:8,.0f} papers/s")
        median = statistics.median(rates)
        print(f"{name:10} median {median:8,.0f} papers/s  ({median / base_rate:.2f}× the parse-only baseline)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
