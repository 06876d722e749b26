"""`dailypapers serve --workers 2`: each worker process counts the requests it answers, and `/metrics`, whichever
worker answers it, reports the sum (prometheus-client's multi-process mode under the data directory)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from dailypapers.domain import urls

REQUESTS = 40


def _healthz_count(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "dailypapers_http_requests_total" and sample.labels["route"] == urls.healthz_path()
    )


def _healthz_by_process(directory: Path) -> dict[str, float]:
    """Each worker process's own count of /healthz answers, from its file."""
    counts = {}
    for path in directory.glob("counter_*.db"):
        families = MultiProcessCollector.merge([str(path)], accumulate=True)
        count = sum(
            sample.value
            for family in families
            for sample in family.samples
            if sample.name == "dailypapers_http_requests_total" and sample.labels["route"] == urls.healthz_path()
        )
        if count:
            counts[path.stem] = count
    return counts


def test_metrics_sum_every_worker_process(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DAILYPAPERS_", "PROMETHEUS_"))},
        "DAILYPAPERS_DATA_DIR": str(tmp_path / "var"),
        "DAILYPAPERS_SEMANTIC_SEARCH": "false",
    }
    base = f"http://127.0.0.1:{port}"
    subprocess.run([sys.executable, "-m", "dailypapers", "migrate"], env=env, check=True, capture_output=True)
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "dailypapers", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(base + urls.readyz_path(), timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        metrics_dir = tmp_path / "var" / "metrics"
        before = _healthz_count(httpx.get(base + urls.metrics_path()).text)
        sent = 0
        # New connections, several at once, until both workers have answered some (the kernel picks the worker).
        while sent == 0 or (len(_healthz_by_process(metrics_dir)) < 2 and sent < 10 * REQUESTS):
            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = list(pool.map(lambda _: httpx.get(base + urls.healthz_path()).status_code, range(REQUESTS)))
            assert statuses == [200] * REQUESTS
            sent += REQUESTS
        by_process = _healthz_by_process(metrics_dir)
        assert len(by_process) == 2 and sum(by_process.values()) == sent, by_process
        counts = {_healthz_count(httpx.get(base + urls.metrics_path()).text) for _ in range(8)}
        assert counts == {before + sent}
    finally:
        server.terminate()
        server.wait(timeout=30)
