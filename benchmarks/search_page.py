"""The search page's cost per request, in one process: wall time and CPU time (every thread's, the query-embedding
threads' included), with and without the query-vector cache, against the stylesheet as the floor.

    .venv/bin/python -m benchmarks.search_page --data-dir var [--rounds 5] [--distinct 300]

Over the data directory a site serves (the demo's: `dailypapers demo --no-serve`, then `dailypapers index`), two
copies of the app are built in this process, one keeping no query vectors (DAILYPAPERS_QUERY_VECTOR_CACHE=0) and one
keeping 1,024, and each answers, in turn and interleaved so that the machine's load weighs on both alike:

- **repeated**: the 20 queries `benchmarks/http_load.py` rotates over, `--rounds` times (after a first pass that
  is not timed), as a popular search is asked again and again;
- **distinct**: `--distinct` queries each asked once, the first two to five words of that many titles of the
  served papers (seeded), so no kept vector helps.

CPU per request is what bounds requests a second on a loaded server (2 cores / CPU per request, with nothing else
running); the stylesheet, answered from memory through the same middleware, is the floor both are divided by.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from benchmarks.http_load import QUERIES
from dailypapers.services.container import Services
from dailypapers.settings import Settings
from dailypapers.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Cost:
    wall_ms: float  # median
    cpu_ms: float  # process CPU time over the batch, per request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the 20 repeated queries")
    parser.add_argument("--distinct", type=int, default=300, help="queries asked once each")
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()
    os.environ["DAILYPAPERS_LOG_LEVEL"] = "warning"
    distinct = title_queries(args.data_dir, args.distinct, random.Random(args.seed))
    # A commit from before the setting existed (to measure it the same way) has the one configuration.
    sizes = (0, 1024) if "query_vector_cache" in Settings.model_fields else (None,)
    clients = {size: open_client(args.data_dir, size) for size in sizes}
    print(f"load average {os.getloadavg()[0]:.2f}; {len(QUERIES)} repeated queries, {len(distinct)} distinct")
    try:
        floor = {size: cost(client, ["/static/site.css"] * 200) for size, client in clients.items()}
        for client in clients.values():
            cost(client, [search_path(query) for query in QUERIES])  # the first pass: kept vectors are made
        repeated: dict[int | None, list[Cost]] = {size: [] for size in clients}
        for _ in range(args.rounds):
            for size, client in clients.items():
                repeated[size].append(cost(client, [search_path(query) for query in QUERIES]))
        once: dict[int | None, list[Cost]] = {size: [] for size in clients}
        for batch in range(0, len(distinct), 20):
            for size, client in clients.items():
                once[size].append(cost(client, [search_path(query) for query in distinct[batch : batch + 20]]))
    finally:
        for client in clients.values():
            client.__exit__(None, None, None)
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'':44} {'wall p50':>10} {'CPU/req':>10} {'× stylesheet CPU':>17}")
    for size in clients:
        kept = "no cache setting" if size is None else "no query vectors kept" if size == 0 else f"{size:,} kept"
        print_row(f"stylesheet ({kept})", [floor[size]], floor[size])
        print_row(f"search, repeated ({kept})", repeated[size], floor[size])
        print_row(f"search, distinct ({kept})", once[size], floor[size])


def open_client(data_dir: Path, cache_size: int | None) -> TestClient:
    cache: dict[str, Any] = {} if cache_size is None else {"query_vector_cache": cache_size}
    settings = Settings(data_dir=data_dir, log_level="warning", **cache)
    services = Services(settings, serving=True)
    services.search.warm_up(services.db)  # what a worker does at start, before its first timed request
    client = TestClient(create_app(settings, services=services))
    client.__enter__()
    return client


def title_queries(data_dir: Path, count: int, rng: random.Random) -> list[str]:
    """The first two to five words of `count` titles of the papers the site serves."""
    engine = create_engine(f"sqlite:///{data_dir / 'dailypapers.sqlite3'}")
    with engine.connect() as connection:
        titles = [row[0] for row in connection.execute(text("SELECT title FROM papers ORDER BY id"))]
    engine.dispose()
    queries = dict.fromkeys(" ".join(title.split()[: rng.randint(2, 5)]) for title in rng.sample(titles, count * 2))
    return list(queries)[:count]


def search_path(query: str) -> str:
    return f"/papers?q={query.replace(' ', '+')}"


def cost(client: TestClient, paths: Iterable[str]) -> Cost:
    walls = []
    cpu_started = time.process_time()
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        walls.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    cpu = time.process_time() - cpu_started
    return Cost(statistics.median(walls) * 1000, cpu / len(walls) * 1000)


def print_row(name: str, costs: list[Cost], floor: Cost) -> None:
    wall = statistics.median(c.wall_ms for c in costs)
    cpu = statistics.median(c.cpu_ms for c in costs)
    print(f"{name:44} {wall:7.2f} ms {cpu:7.2f} ms {cpu / floor.cpu_ms:16.1f}×", flush=True)


if __name__ == "__main__":
    main()
