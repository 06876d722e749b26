"""Exactly once under kill -9: `dailypapers harvest` runs as a real process against the local OAI-PMH server, is
killed at several points of its list, and is run again until it finishes. Then every record of the list is stored
once, with its authors and categories once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from dailypapers.db.schema import harvest_states, paper_authors, paper_categories, papers
from tests.fakes.oai_pages import OaiRecord
from tests.fakes.oai_server import FakeOai

PAGE_SIZE = 25


def start_harvest(engine: Engine, server: FakeOai, directory: Path) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DAILYPAPERS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "DAILYPAPERS_DATA_DIR": str(directory),
        "DAILYPAPERS_ARXIV_OAI_URL": server.url,
        "DAILYPAPERS_ARXIV_MIN_INTERVAL": "0",
        "DAILYPAPERS_SEMANTIC_SEARCH": "false",
    }
    command = [sys.executable, "-m", "dailypapers", "harvest", "--from", "2025-01-01"]
    return subprocess.Popen(command, env=environment, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_requests(server: FakeOai, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while len(server.requests) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the harvest did not get that far"
        time.sleep(0.005)


def test_killed_runs_and_a_rerun_store_each_record_exactly_once(
    committed_engine: Engine, oai_records: list[OaiRecord], arxiv_rows: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    with FakeOai(oai_records, page_size=PAGE_SIZE) as server:
        pages = -(-len(oai_records) // PAGE_SIZE)
        server.answer_slowly(0.1, times=10 * pages)  # each answer takes a moment, as arXiv's do
        # Kill points: at a request's arrival (a page asked, nothing applied yet), and a little after (its answer
        # being read, parsed or written).
        for requests_seen, after in ((1, 0.0), (2, 0.05), (3, 0.13), (2, 0.18)):
            process = start_harvest(committed_engine, server, tmp_path)
            wait_for_requests(server, len(server.requests) + requests_seen, process)
            time.sleep(after)
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            assert process.returncode == -signal.SIGKILL
        with committed_engine.connect() as connection:
            applied = connection.execute(select(func.count()).select_from(papers)).scalar_one()
            state = connection.execute(select(harvest_states.c.resumption_token)).scalar_one()
        assert 0 < applied < len(oai_records) and state is not None  # killed part way, with a page to resume at

        final = start_harvest(committed_engine, server, tmp_path)
        out, errors = final.communicate(timeout=120)
        assert final.returncode == 0, errors.decode()

    assert "0 skipped" in out.decode()
    with committed_engine.connect() as connection:
        stored = list(connection.execute(select(papers.c.arxiv_id)).scalars())
        author_rows = connection.execute(select(func.count()).select_from(paper_authors)).scalar_one()
        category_rows = connection.execute(select(func.count()).select_from(paper_categories)).scalar_one()
    assert sorted(stored) == sorted(arxiv_rows)
    assert author_rows == sum(len(row["authors"]) for row in arxiv_rows.values())
    assert category_rows == sum(len(set(row["categories"])) for row in arxiv_rows.values())
