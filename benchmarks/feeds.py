"""What a feed costs to serve: a day's list as Atom and RSS (50 real papers), a reader's conditional GET answered
304, and the day's HTML page as the baseline, all through the app on one SQLite database in this process.

Prints the median of each over the runs and its ratio to the HTML page.
Usage: .venv/bin/python -m benchmarks.feeds [--runs 50] [--papers 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import upgrade_database
from dailypapers.services.container import Services
from dailypapers.settings import Settings
from dailypapers.sources import arxiv_listing
from dailypapers.store.daily_writes import add_daily_entries
from dailypapers.store.paper_writes import upsert_papers
from dailypapers.web.app import create_app

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl"
DAY = date(2025, 6, 12)


def build_site(directory: Path, *, papers: int) -> TestClient:
    engine = create_db_engine(f"sqlite:///{directory / 'bench.sqlite3'}")
    upgrade_database(engine)
    db = Database(engine)
    with FIXTURE.open() as lines:
        records = [arxiv_listing.parse_record(json.loads(line)) for line in list(lines)[:papers]]
    added = datetime(2025, 6, 12, 8, tzinfo=UTC)
    with db.transaction() as connection:
        ids = upsert_papers(connection, records, now=added).paper_ids
        entries = [(DAY, ids[record.arxiv_id], added + timedelta(minutes=i), None) for i, record in enumerate(records)]
        add_daily_entries(connection, entries=entries)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=directory / "var",
        database_url="sqlite://",
        arxiv_lookups=False,
        semantic_search=False,
        page_size=papers,
    )
    return TestClient(create_app(settings, services=Services(settings, db=db)))


def median_ms(client: TestClient, path: str, *, runs: int, headers: dict[str, str] | None = None) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, headers=headers or {})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 304), (path, response.status_code)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--papers", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory, build_site(Path(directory), papers=args.papers) as client:
        day = DAY.isoformat()
        etag = client.get(f"/feeds/daily.atom?date={day}").headers["etag"]
        cases = {
            "HTML day page (baseline)": (f"/papers/date/{day}", None),
            "Atom feed, 200": (f"/feeds/daily.atom?date={day}", None),
            "RSS feed, 200": (f"/feeds/daily.rss?date={day}", None),
            "Atom feed, 304 (If-None-Match)": (f"/feeds/daily.atom?date={day}", {"If-None-Match": etag}),
        }
        for path, headers in cases.values():  # warm caches and templates
            median_ms(client, path, runs=3, headers=headers)
        results = {
            name: median_ms(client, path, runs=args.runs, headers=headers) for name, (path, headers) in cases.items()
        }
        baseline = results["HTML day page (baseline)"]
        size = len(client.get(f"/feeds/daily.atom?date={day}").content)
        print(f"{args.papers} papers on the day, {args.runs} runs each, median per request; Atom body {size:,} bytes")
        for name, value in results.items():
            print(f"  {name:34} {value:7.2f} ms   ×{value / baseline:.2f} of the HTML page")


if __name__ == "__main__":
    main()
