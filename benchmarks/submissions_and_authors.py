"""Submissions and author pages over the 75k-paper arXiv file: how long each takes, and submits under contention.

    .venv/bin/python -m benchmarks.submissions_and_authors [--file PATH] [--postgres URL]

For each database: imports the file, then prints the median and 95th-percentile time of an author page's data
(the 20 most prolific author keys and 200 random ones, first page of 50), of one member's submission of a known
paper, and the submissions per second of 8 threads submitting at once (8 members, distinct papers).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.databases import fresh_database
from dailypapers.db.engine import Database
from dailypapers.db.schema import paper_authors, papers
from dailypapers.domain.submissions import SubmissionRules
from dailypapers.domain.users import Role, User
from dailypapers.services.authors import require_author_papers
from dailypapers.services.imports import import_file
from dailypapers.services.submissions import submit_paper
from dailypapers.store import users as users_store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "arxiv-cs" / "arxiv_cs_2025-03_2026-07.jsonl.gz"
NOW = datetime(2026, 7, 2, 9, tzinfo=UTC)
RULES = SubmissionRules(max_age_days=0, daily_cap=0)  # every paper is old by now; the cap would stop the runs


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def summary(label: str, millis: list[float]) -> str:
    p95 = statistics.quantiles(millis, n=20)[-1] if len(millis) >= 20 else max(millis)
    return f"  {label:44} median {statistics.median(millis):7.2f} ms   p95 {p95:7.2f} ms   (n={len(millis)})"


def make_members(db: Database, count: int, prefix: str) -> list[User]:
    with db.transaction() as connection:
        members = [
            users_store.insert_user(
                connection,
                email=f"{prefix}{n}@example.org",
                username=f"{prefix}{n}",
                role=Role.MEMBER,
                password_hash=None,
                now=NOW,
            )
            for n in range(count)
        ]
    return [member for member in members if member is not None]


def bench(db: Database, name: str) -> None:
    rng = random.Random(7)
    with db.reading() as connection:
        top = (
            connection.execute(
                select(paper_authors.c.name_key)
                .group_by(paper_authors.c.name_key)
                .order_by(func.count().desc())
                .limit(20)
            )
            .scalars()
            .all()
        )
        keys = connection.execute(select(paper_authors.c.name_key).distinct()).scalars().all()
        arxiv_ids = connection.execute(select(papers.c.arxiv_id)).scalars().all()
    print(f"{name}: {len(arxiv_ids):,} papers, {len(keys):,} author keys")
    print(
        summary(
            "author page, 20 most prolific authors", [timed(lambda k=k: require_author_papers(db, key=k)) for k in top]
        )
    )
    sample = rng.sample(list(keys), 200)
    print(
        summary(
            "author page, 200 random authors", [timed(lambda k=k: require_author_papers(db, key=k)) for k in sample]
        )
    )

    shuffled = rng.sample(list(arxiv_ids), 400)
    members = make_members(db, 200, "solo")
    single = [
        timed(lambda m=m, a=a: submit_paper(db, text=a, comment=None, user=m, fetcher=None, rules=RULES, now=NOW))
        for m, a in zip(members, shuffled[:200], strict=True)
    ]
    print(summary("submit a known paper, one at a time", single))

    racers = make_members(db, 8, "racer")
    jobs = list(zip([racers[n % 8] for n in range(200)], shuffled[200:], strict=True))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(
            pool.map(
                lambda job: submit_paper(
                    db, text=job[1], comment=None, user=job[0], fetcher=None, rules=RULES, now=NOW
                ),
                jobs,
            )
        )
    elapsed = time.perf_counter() - started
    print(f"  {'8 threads submitting 200 papers at once':44} {len(jobs) / elapsed:7.0f} submissions/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--postgres", help="also measure on this PostgreSQL database (it is emptied)")
    args = parser.parse_args()
    if not args.file.exists():
        print(f"skipped: {args.file} is absent (it lives in the shared data folder, not in the repository)")
        return
    with tempfile.TemporaryDirectory() as directory:
        targets = [("sqlite", f"sqlite:///{directory}/bench.sqlite3")]
        targets += [("postgresql", args.postgres)] if args.postgres else []
        for name, url in targets:
            db = fresh_database(url)
            import_file(db, path=args.file)
            bench(db, name)
            db.engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
