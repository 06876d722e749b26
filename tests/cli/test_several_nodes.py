"""Several nodes on one PostgreSQL, as real processes: two `dailypapers serve` on their own data directories and
two `dailypapers worker`. A paper submitted on node A is found by keyword on node B at once and by meaning once a
worker has embedded it; upvotes cast on both nodes at once add up exactly; each job's slot runs once."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import upgrade_database
from dailypapers.domain import urls
from dailypapers.domain.users import Role
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.api_tokens import create_api_token
from dailypapers.services.imports import import_file
from dailypapers.services.indexing import index_papers
from dailypapers.settings import Settings
from dailypapers.store.users import insert_user
from tests.conftest import FIXTURES, POSTGRES_URL, fresh_engine, reset_postgres
from tests.factories import NOW
from tests.fakes.arxiv_server import FakeArxiv

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="DAILYPAPERS_TEST_DATABASE_URL is not set")

VOTERS = 16
STARTED = re.compile(r"job (\S+): started for (.+?) UTC")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(data_dir: Path, arxiv_url: str) -> dict[str, str]:
    limits = {
        f"DAILYPAPERS_{name.upper()}": "100000/minute"
        for name in Settings.model_fields
        if name.startswith("rate_limit_")
    }
    return {
        **{name: value for name, value in os.environ.items() if not name.startswith("DAILYPAPERS_")},
        **limits,
        "DAILYPAPERS_DATABASE_URL": POSTGRES_URL,
        "DAILYPAPERS_DATA_DIR": str(data_dir),
        "DAILYPAPERS_SECRET_KEY": "the-same-secret-on-every-node",
        "DAILYPAPERS_ARXIV_API_URL": arxiv_url,
        "DAILYPAPERS_ARXIV_MIN_INTERVAL": "0",
        "DAILYPAPERS_SUBMISSION_MAX_AGE_DAYS": "0",
        "DAILYPAPERS_SUBMISSION_DAILY_CAP": "0",
        "DAILYPAPERS_EMAIL_BACKEND": "file",
        "DAILYPAPERS_LOG_LEVEL": "info",
    }


@contextmanager
def _process(args: list[str], *, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "dailypapers", *args], env=env, stdout=out, stderr=out)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base_url}{urls.readyz_path()}", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{base_url} never became ready:\n{log.read_text()}")


def _ids(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["paper"]["id"] for item in answer.json()]


@pytest.fixture
def empty_postgres(tmp_path: Path) -> Iterator[None]:
    reset_postgres(POSTGRES_URL).dispose()
    yield
    fresh_engine("postgresql", tmp_path).dispose()  # leave no rows behind for the tests that follow


@pytest.mark.usefixtures("empty_postgres")
def test_two_nodes_and_two_workers_on_one_database(tmp_path: Path, fake_arxiv: FakeArxiv) -> None:
    engine = create_db_engine(POSTGRES_URL)
    upgrade_database(engine)
    db = Database(engine)
    lines = (FIXTURES / "arxiv_cs_fixture_500.jsonl").read_text().splitlines()
    (tmp_path / "papers.jsonl").write_text("\n".join(lines[:40]) + "\n")
    import_file(db, path=tmp_path / "papers.jsonl")
    indexes = SearchIndexes.open(model_dir=None, data_dir=tmp_path / "setup")
    index_papers(db, indexes)
    new = json.loads(lines[100])  # not imported: node A asks the fake arXiv for it
    tokens = []
    for number in range(VOTERS + 1):
        with db.transaction() as connection:
            user = insert_user(
                connection,
                email=f"member{number}@example.org",
                username=f"member{number}",
                role=Role.MEMBER,
                password_hash=None,
                now=NOW,
                email_confirmed=True,
            )
        assert user is not None
        tokens.append(create_api_token(db, user_id=user.id, name="nodes", now=NOW)[1])
    engine.dispose()

    ports = {"a": _free_port(), "b": _free_port()}
    node = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    with ExitStack() as stack:
        servers = {
            name: stack.enter_context(
                _process(
                    ["serve", "--port", str(port)],
                    env=_environment(tmp_path / f"node-{name}", fake_arxiv.base_url),
                    log=tmp_path / f"node-{name}.log",
                )
            )
            for name, port in ports.items()
        }
        for name, process in servers.items():
            _wait_ready(node[name], process, tmp_path / f"node-{name}.log")
        with httpx.Client(timeout=30) as client:
            submitted = client.post(
                f"{node['a']}/api/v1/submissions",
                json={"arxiv_id": new["id"]},
                headers={"Authorization": f"Bearer {tokens[0]}"},
            )
            assert submitted.status_code == 201, submitted.text
            by_keyword = client.get(
                f"{node['b']}/api/papers/search", params={"q": new["title"], "mode": "keyword", "limit": 5}
            )
            assert _ids(by_keyword)[0] == new["id"]

            # Upvotes from every voter, each sent to both nodes at the same moment: one vote each, exactly.
            before = client.get(f"{node['b']}/api/papers/{new['id']}").json()["upvotes"]

            def vote(job: tuple[str, str]) -> int:
                base, token = job
                return httpx.put(
                    f"{base}{urls.api_vote_path(new['id'])}", headers={"Authorization": f"Bearer {token}"}, timeout=30
                ).status_code

            jobs = [(node[name], token) for token in tokens[1:] for name in ("a", "b")]
            with ThreadPoolExecutor(max_workers=16) as pool:
                statuses = list(pool.map(vote, jobs))
            assert set(statuses) <= {200, 201}, statuses
            for name in ("a", "b"):
                # A visitor's copy of the page follows the database within DAILYPAPERS_PAGE_CACHE_CHECK_SECONDS (1 s).
                deadline = time.monotonic() + 10
                seen = before
                while seen != before + VOTERS and time.monotonic() < deadline:
                    seen = client.get(f"{node[name]}/api/papers/{new['id']}").json()["upvotes"]
                    time.sleep(0.2)
                assert seen == before + VOTERS, (name, seen)

            # Two workers start together: each due job runs once, on one of them; the index job embeds the paper.
            workers = [
                stack.enter_context(
                    _process(
                        ["worker", "--poll", "1"],
                        env=_environment(tmp_path / f"worker-{number}", fake_arxiv.base_url),
                        log=tmp_path / f"worker-{number}.log",
                    )
                )
                for number in (1, 2)
            ]
            started = time.monotonic()
            meaning = " ".join(new["abstract"].split()[:40])
            while True:
                found = _ids(
                    client.get(f"{node['b']}/api/papers/search", params={"q": meaning, "mode": "semantic", "limit": 3})
                )
                if new["id"] in found:
                    break
                assert time.monotonic() - started < 60, "not found by meaning within a minute"
                assert all(worker.poll() is None for worker in workers)
                time.sleep(0.5)
            print(f"found by meaning on node B {time.monotonic() - started:.1f} s after the workers started")
            time.sleep(2)  # the other worker's pass over the same slots
    runs = Counter(
        match.groups()
        for number in (1, 2)
        for match in STARTED.finditer((tmp_path / f"worker-{number}.log").read_text())
    )
    assert {job for job, _ in runs} >= {"index", "digests"}, runs
    assert set(runs.values()) == {1}, runs
