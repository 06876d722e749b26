"""A real uvicorn server on 127.0.0.1 in a thread, for tests that drive the site as clients do (a browser, the
Hugging Face client, schemathesis)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from dailypapers.settings import Settings


def live_settings(*, data_dir: Path, arxiv_url: str) -> Settings:
    """Settings for a live test site: every request comes from 127.0.0.1, so every rate limit sized for people is
    lifted; the shipped papers are old, so the age rule is off; arXiv is a local fake, asked without pauses."""
    limits = {name: "100000/minute" for name in Settings.model_fields if name.startswith("rate_limit_")}
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=data_dir,
        arxiv_api_url=arxiv_url,
        arxiv_min_interval=0.0,
        submission_max_age_days=0,
        page_cache_check_seconds=0,  # a write shows on the next anonymous read
        **limits,
    )


@contextmanager
def serve(app: object) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
