"""HTTP load: requests per second and latency of the busiest pages and API reads, against `dailypapers serve`.

    .venv/bin/python -m benchmarks.http_load --data-dir var [--duration 30] [--connections 32] [--only front,paper]

Starts `dailypapers serve --workers N` over the data directory (the demo's: `dailypapers demo --no-serve` fills
one) and, beside it, the smallest ASGI app (`benchmarks/hello_world.py`) on the same server with the same number
of workers; warms every target (a pass checking each path answers 200, then a few untimed seconds of wrk, whose
connections reach every worker), then runs wrk (`/usr/bin/wrk`) against each target in turn. Paper pages, day
pages, API reads and searches rotate over many ids, days and queries (a wrk Lua script, each wrk thread from its own
starting point), so no single page's cache carries the figure; `search-distinct` rotates over thousands of queries
made of title words, warmed on its first few only, so that nearly every one is asked for the first time while timed.
The hello-world and `/static/site.css` figures are the ceiling this machine gives at that moment: each target is
also printed as a ratio to them, which stays comparable when other work loads the machine (its load average is
printed before and after each target). wrk and the server share the machine's cores, as they do in the issue's
measurements; wrk sends no cookies and no Accept-Encoding, as an anonymous reader's first visit without gzip.
Each target also prints the server's CPU time per request (its processes' user and system time over the timed run,
divided by the requests answered): the cost that bounds the rate once the cores are busy, and which moves far less
than the rate when other work shares the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote_plus

import httpx
import psutil
from sqlalchemy import create_engine, text

WRK = "/usr/bin/wrk"
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = 200  # distinct papers (and 30 days, 20 queries) each rotating target walks through
QUERIES = (
    "diffusion",
    "video generation",
    "reinforcement learning from human feedback",
    "large language model reasoning",
    "graph neural network",
    "speech recognition",
    "retrieval augmented generation",
    "image segmentation",
    "mixture of experts",
    "robot manipulation",
    "protein structure",
    "quantization",
    "vision language model",
    "code generation",
    "benchmark",
    "agents",
    "tokenizer",
    "federated learning",
    "text to image",
    "long context",
)


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    paths: tuple[str, ...]
    hello: bool = False  # served by the hello-world app, not the site
    warmed: int | None = None  # how many of the paths to ask before timing (None: all)


@dataclass(frozen=True, slots=True)
class Figures:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    load_before: float
    load_after: float
    requests: int = 0
    server_cpu_ms: float | None = None  # the server processes' CPU time (user + system) per request answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var", help="DAILYPAPERS_DATA_DIR of the site")
    parser.add_argument("--database-url", default="", help="DAILYPAPERS_DATABASE_URL, when not SQLite in the data dir")
    parser.add_argument("--duration", type=int, default=30, help="seconds per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--port", type=int, default=8150, help="the site's port; hello-world takes the next one")
    parser.add_argument("--settle", type=float, default=20, help="seconds between warming up and the first run")
    parser.add_argument(
        "--warm-seconds", type=int, default=3, help="untimed wrk seconds per target, so every worker has its copies"
    )
    parser.add_argument("--only", default="", help="comma-separated target names (the ceiling always runs)")
    parser.add_argument(
        "--distinct-queries",
        type=int,
        default=5000,
        help="the `search-distinct` target's queries: the first two to five words of this many titles",
    )
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit(f"skipped: {WRK} is missing (apt-get install wrk)")
    environment = {**os.environ, "DAILYPAPERS_DATA_DIR": str(args.data_dir), "DAILYPAPERS_LOG_LEVEL": "warning"}
    if args.database_url:
        environment["DAILYPAPERS_DATABASE_URL"] = args.database_url
    url = args.database_url or f"sqlite:///{args.data_dir / 'dailypapers.sqlite3'}"
    targets = build_targets(url, distinct_queries=args.distinct_queries)
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = wanted - {target.name for target in targets}
    if unknown:
        sys.exit(f"unknown targets: {', '.join(sorted(unknown))}; known: {', '.join(t.name for t in targets)}")
    chosen = [t for t in targets if not wanted or t.name in wanted or t.name in ("hello-world", "static")]
    site = f"http://127.0.0.1:{args.port}"
    hello = f"http://127.0.0.1:{args.port + 1}"
    serve = [str(ROOT / ".venv/bin/dailypapers"), "serve", "--port", str(args.port), "--workers", str(args.workers)]
    hello_command = [
        sys.executable,
        "-m",
        "uvicorn",
        "benchmarks.hello_world:app",
        "--port",
        str(args.port + 1),
        "--workers",
        str(args.workers),
        "--lifespan",
        "off",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.workers} workers, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}"
    )
    results: dict[str, Figures] = {}
    with running(serve, environment, site) as server, running(hello_command, environment, hello) as hello_server:
        # Every target once before any is timed, then a pause: each worker loads the embedding model and the
        # vector index in the background when it starts, which would otherwise land in the first targets' runs.
        for target in chosen:
            warmed = target.paths[: target.warmed]
            warm(hello if target.hello else site, warmed)
            # One client's requests all reach one worker: wrk's connections reach each, as in the timed run.
            run_wrk(hello if target.hello else site, warmed, args, duration=args.warm_seconds)
        time.sleep(args.settle)
        for target in chosen:
            base = hello if target.hello else site
            processes = hello_server if target.hello else server
            cpu_before = cpu_seconds(processes)
            figures = run_wrk(base, target.paths, args)
            cpu_ms = (cpu_seconds(processes) - cpu_before) * 1000 / max(figures.requests, 1)
            results[target.name] = replace(figures, server_cpu_ms=cpu_ms)
            print_row(target.name, results[target.name], results)


def build_targets(url: str, *, distinct_queries: int) -> list[Target]:
    """The targets, with ids, days and queries taken from the database the site serves."""
    engine = create_engine(url)
    with engine.connect() as connection:
        days = [
            row[0]
            for row in connection.execute(
                text("SELECT DISTINCT day FROM daily_entries ORDER BY day DESC LIMIT 30")
            ).all()
        ]
        ids = [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT p.arxiv_id FROM papers p JOIN daily_entries d ON d.paper_id = p.id "
                    "ORDER BY d.day DESC, p.id LIMIT :n"
                ),
                {"n": SAMPLES},
            ).all()
        ]
        titles = [row[0] for row in connection.execute(text("SELECT title FROM papers ORDER BY id")).all()]
    engine.dispose()
    if not days or not ids:
        sys.exit("skipped: the database has no daily lists (run `dailypapers demo --no-serve` first)")
    day_keys = [str(day)[:10] for day in days]
    return [
        Target("hello-world", ("/",), hello=True),
        Target("static", ("/static/site.css",)),
        Target("front", ("/",)),
        Target("day", tuple(f"/papers/date/{day}" for day in day_keys)),
        Target("paper", tuple(f"/papers/{arxiv_id}" for arxiv_id in ids)),
        Target("api-daily", tuple(f"/api/daily_papers?date={day}" for day in day_keys)),
        Target("api-paper", tuple(f"/api/papers/{arxiv_id}" for arxiv_id in ids)),
        Target("search", tuple(_search_path(query) for query in QUERIES)),
        # Warmed on a few only: each of the others is asked for the first time (by each worker) while timed.
        Target(
            "search-distinct",
            tuple(_search_path(query) for query in title_queries(titles, distinct_queries)),
            warmed=20,
        ),
    ]


def title_queries(titles: list[str], count: int, *, seed: int = 21) -> list[str]:
    """Distinct queries made of the first two to five words of `count` titles (seeded): searches a reader types
    for a paper they heard of, too many for any per-process copy of pages or query vectors to carry the figure."""
    rng = random.Random(seed)
    picked = rng.sample(titles, min(len(titles), count * 2))
    queries = dict.fromkeys(" ".join(re.findall(r"\w+", title)[: rng.randint(2, 5)]) for title in picked)
    return [query for query in queries if query][:count]


def _search_path(query: str) -> str:
    return f"/papers?q={quote_plus(query)}"


@contextmanager
def running(command: list[str], environment: dict[str, str], base: str) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(command, env=environment, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300  # a loaded machine starts slowly
        while True:
            try:
                httpx.get(base + "/static/site.css", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"{command[0]} did not start")
                time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def cpu_seconds(process: subprocess.Popen[bytes]) -> float:
    """The CPU time (user and system) the server and its worker processes have used so far."""
    parent = psutil.Process(process.pid)
    total = 0.0
    for member in [parent, *parent.children(recursive=True)]:
        try:
            times = member.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def warm(base: str, paths: tuple[str, ...]) -> None:
    """One pass over the paths, checking each answers 200, so wrk measures a warm site."""
    with httpx.Client(base_url=base, timeout=30) as client:
        for path in paths:
            status = client.get(path).status_code
            if status != 200:
                sys.exit(f"{base}{path} answered {status}")


def run_wrk(base: str, paths: tuple[str, ...], args: argparse.Namespace, *, duration: int = 0) -> Figures:
    quoted = ", ".join(f'"{path}"' for path in paths)
    # Each wrk thread starts its walk at its own share of the paths (`first`, set by setup in the thread's Lua
    # state): started together, they would ask for the same path at the same moment.
    script = (
        f"local paths = {{{quoted}}}\nlocal threads = 0\ni = 0\nfirst = 0\n"
        f"setup = function(thread)\n  thread:set('first', threads * math.floor(#paths / {args.threads}))\n"
        "  threads = threads + 1\nend\n"
        "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[((first + i) % #paths) + 1])\nend\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        before = os.getloadavg()[0]
        output = subprocess.run(
            [
                WRK,
                f"-t{args.threads}",
                f"-c{args.connections}",
                f"-d{duration or args.duration}s",
                "--latency",
                "-s",
                lua.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        after = os.getloadavg()[0]
    return parse_wrk(output, before, after)


def parse_wrk(output: str, before: float, after: float) -> Figures:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, flags=re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return Figures(rate, _ms(latency["50"]), _ms(latency["99"]), errors, before, after, requests)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def print_row(name: str, figures: Figures, results: dict[str, Figures]) -> None:
    ratios = []
    for ceiling in ("hello-world", "static"):
        if ceiling in results and ceiling != name:
            ratios.append(f"{figures.requests_per_second / results[ceiling].requests_per_second:.3g}× {ceiling}")
    cpu = "" if figures.server_cpu_ms is None else f"  server CPU {figures.server_cpu_ms:.2f} ms/req"
    print(
        f"{name:12} {figures.requests_per_second:8.0f} req/s  p50 {figures.p50_ms:7.1f} ms  "
        f"p99 {figures.p99_ms:7.1f} ms  errors {figures.errors}  load {figures.load_before:.1f}→"
        f"{figures.load_after:.1f}{cpu}  {'  '.join(ratios)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
