"""How long a web worker's full garbage collections hold Python's lock, before and after `web/heap.py` sets what
it loaded at start aside (`gc.freeze`).

    .venv/bin/python -m benchmarks.gc_pause --data-dir var [--pages 400]

Builds the site's app over the data directory as a web worker does (`create_app`), loads the model and the indexes
(`SearchIndexes.warm_up`) and makes `--pages` paper pages through it, page cache off, so the heap holds what a
serving worker's does. Then it times full collections (CPU time of this process, so work elsewhere on the machine
does not count; median of 5), and counts the full collections that making the pages again starts on their own,
with how long each took; the same after `freeze_loaded_heap()`. A full collection holds the lock, so every request
on the worker waits it out: that wait is what lands in the pages' p99 under load.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient

from benchmarks.http_load import SAMPLES, build_targets
from dailypapers.settings import Settings
from dailypapers.web.app import create_app
from dailypapers.web.heap import freeze_loaded_heap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    parser.add_argument("--pages", type=int, default=2 * SAMPLES, help="paper pages made per phase")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir, page_cache_seconds=0, log_level="warning")
    app = create_app(settings)
    services = app.state.web.services
    services.search.warm_up(services.db)
    url = services.settings.database_url
    paths = next(target.paths for target in build_targets(url) if target.name == "paper")
    pages = [paths[n % len(paths)] for n in range(args.pages)]
    client = TestClient(app)  # no lifespan: its warm-up thread would freeze the heap before the first figures
    make_pages(client, pages)  # what the first readers leave behind: caches of routes, templates, statements
    gc.collect()
    print(f"{len(gc.get_objects()):,} objects tracked by the collector after warming up and {len(pages)} pages")
    report("as loaded", client, pages)
    frozen = freeze_loaded_heap()
    print(f"{frozen:,} objects set aside (gc.freeze)")
    report("after freeze_loaded_heap()", client, pages)
    services.close()


def make_pages(client: TestClient, pages: list[str]) -> None:
    for path in pages:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")


def report(label: str, client: TestClient, pages: list[str]) -> None:
    forced = []
    for _ in range(5):
        started = time.process_time()
        gc.collect()
        forced.append((time.process_time() - started) * 1000)
    pauses: list[float] = []
    started_at: list[float] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started_at.append(time.process_time())
        else:
            pauses.append((time.process_time() - started_at.pop()) * 1000)

    gc.callbacks.append(note)
    try:
        make_pages(client, pages)
    finally:
        gc.callbacks.remove(note)
    on_their_own = f"median {statistics.median(pauses):.1f} ms, longest {max(pauses):.1f} ms" if pauses else "none"
    print(
        f"{label:28} full collection {statistics.median(forced):6.1f} ms CPU (median of 5); "
        f"making {len(pages)} pages started {len(pauses)} on their own ({on_their_own})"
    )


if __name__ == "__main__":
    main()
