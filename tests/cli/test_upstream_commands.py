"""`dailypapers upstream pull` as a real process: killed (SIGKILL) at several points of a pull and run again, it
ends with every entry of every day once, and the same counts as a pull never interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import daily_entries, papers
from dailypapers.services import curation as curation_service
from tests.fakes.hf_daily_server import FakeHuggingFace, archive_rows, hf_item

START, END = date(2025, 6, 2), date(2025, 6, 13)


def _days() -> list[str]:
    return [(START + timedelta(days=offset)).isoformat() for offset in range((END - START).days + 1)]


def _pull(engine: Engine, upstream: str, directory: Path, *args: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DAILYPAPERS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "DAILYPAPERS_DATA_DIR": str(directory),
        "DAILYPAPERS_UPSTREAM_URL": upstream,
        "DAILYPAPERS_UPSTREAM_MIN_INTERVAL": "0.05",
    }
    command = [sys.executable, "-m", "dailypapers", "upstream", "pull", *args]
    return subprocess.Popen(command, env=environment, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_killed_pulls_and_a_rerun_leave_every_entry_once(committed_engine: Engine, tmp_path: Path) -> None:
    subprocess.run(  # the schema, as an operator would make it
        [sys.executable, "-m", "dailypapers", "migrate"],
        env={**os.environ, "DAILYPAPERS_DATABASE_URL": committed_engine.url.render_as_string(hide_password=False)},
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    rows = archive_rows(*_days())
    with FakeHuggingFace({day: [hf_item(row) for row in found] for day, found in rows.items()}) as hf:
        window = ("--from", START.isoformat(), "--until", END.isoformat())
        # Killed as the 2nd, 5th and 9th request arrive, and 30 ms after the 7th: between days, and (in the
        # last case) most likely while a day's transaction is open.
        for kill_at, delay in ((2, 0.0), (5, 0.0), (9, 0.0), (7, 0.03)):
            before = len(hf.requests)
            process = _pull(committed_engine, hf.base_url, tmp_path, *window)

            def kill(
                number: int,
                process: subprocess.Popen[bytes] = process,
                at: int = before + kill_at,
                after: float = delay,
            ) -> None:
                if number == at:
                    threading.Timer(after, os.kill, (process.pid, signal.SIGKILL)).start()

            hf.on_request = kill
            process.wait(timeout=60)
            assert process.returncode == -signal.SIGKILL
        hf.on_request = None
        finished = _pull(committed_engine, hf.base_url, tmp_path, *window)
        out, err = finished.communicate(timeout=120)
        assert finished.returncode == 0, err.decode()
        assert "12 day(s) of 2025-06-02..2025-06-13 pulled" in out.decode()

    db = Database(committed_engine)
    expected = 0
    for day, found in rows.items():
        entries = curation_service.list_day_entries(db, day=date.fromisoformat(day))
        assert sorted(entry.paper.arxiv_id for entry in entries) == sorted(row["arxiv_id"] for row in found), day
        by_id = {row["arxiv_id"]: row for row in found}
        for entry in entries:
            assert (
                entry.paper.upvote_count == entry.paper.upstream_upvote_count == by_id[entry.paper.arxiv_id]["upvotes"]
            )
        expected += len(found)
    with committed_engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(daily_entries)).scalar_one() == expected
        assert connection.execute(select(func.count()).select_from(papers)).scalar_one() == expected
