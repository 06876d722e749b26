"""Collection import and export speed: a Google Scholar-shaped BibTeX library matched against an indexed corpus.

    .venv/bin/python -m benchmarks.collection_import [--runs 3] [--entries 1000] [--file PATH] [--postgres URL]

Indexes the arXiv file into a fresh SQLite database (and PostgreSQL when asked), writes a BibTeX file of
`--entries` real papers from it (half naming their arXiv id as Google Scholar does, half by lower-cased title only,
plus one entry in fifty that names a book no corpus holds), then imports it into a new collection per run and
exports the result in each format. Prints the median of each, beside a baseline measured in the same process:
reading the same BibTeX file without touching a database.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from pathlib import Path

from benchmarks.databases import fresh_database
from dailypapers.db.engine import Database
from dailypapers.domain.collections import title_key
from dailypapers.domain.users import Role
from dailypapers.services import collections as collections_service
from dailypapers.services.collection_imports import import_bibtex
from dailypapers.services.collections import ExportFormat
from dailypapers.services.imports import import_file
from dailypapers.sources.bibtex_files import read_bibtex
from dailypapers.sources.jsonl import GoodLine, JsonlFile
from dailypapers.store import paper_matches
from dailypapers.store import users as users_store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "arxiv-cs" / "arxiv_cs_demo_10k_contiguous.jsonl.gz"
NOW = datetime(2026, 12, 7, tzinfo=UTC)


def scholar_library(path: Path, entries: int) -> str:
    """BibTeX in Google Scholar's shape for `entries` papers of the file, spread over it."""
    papers = [item.paper for item in JsonlFile(path) if isinstance(item, GoodLine)]
    step = max(len(papers) // entries, 1)
    chosen = list(islice(papers[::step], entries))
    lines = []
    for number, paper in enumerate(chosen):
        surname = paper.authors[0].split()[-1].lower() if paper.authors else "anon"
        authors = " and ".join(f"{name.split()[-1]}, {' '.join(name.split()[:-1])}" for name in paper.authors)
        journal = f"  journal={{arXiv preprint arXiv:{paper.arxiv_id}}},\n" if number % 2 == 0 else ""
        lines.append(
            f"@article{{{surname}{number},\n  title={{{paper.title.lower()}}},\n  author={{{authors}}},\n"
            f"{journal}  year={{2025}}\n}}\n"
        )
        if number % 50 == 0:
            lines.append(
                f"@book{{goodfellow2016deep{number},\n  title={{Deep learning}},\n"
                "  author={Goodfellow, Ian and Bengio, Yoshua and Courville, Aaron},\n  year={2016}\n}\n"
            )
    return "\n".join(lines)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run_database(db: Database, name: str, data: bytes, runs: int, base: float) -> None:
    with db.transaction() as connection:
        user = users_store.insert_user(
            connection,
            email="bench@example.org",
            username="bench",
            role=Role.MEMBER,
            password_hash=None,
            now=NOW,
            email_confirmed=True,
        )
    assert user is not None
    imports: list[float] = []
    exports: dict[ExportFormat, list[float]] = {format: [] for format in ExportFormat}
    report = None
    for run in range(runs):
        made = collections_service.create_collection(db, user_id=user.id, title=f"Library {run}", now=NOW)
        started = time.perf_counter()
        report = import_bibtex(db, collection_id=made.id, user_id=user.id, data=data, fetcher=None, now=NOW)
        imports.append(time.perf_counter() - started)
        for format in ExportFormat:
            export = partial(
                collections_service.export_collection,
                db,
                username=user.username,
                slug=made.slug,
                viewer=user,
                format=format,
            )
            exports[format].append(timed(export))
    assert report is not None
    by_how: dict[str, int] = {}
    for entry in report.matched:
        by_how[entry.matched_by.value] = by_how.get(entry.matched_by.value, 0) + 1
    print(f"{name}: matched {len(report.matched)} ({by_how}), not matched {len(report.unmatched)}")
    median = statistics.median(imports)
    print(f"{name}: import median {median:6.2f} s  ({median / base:.1f}× the read-only baseline)")
    for format, times in exports.items():
        print(f"{name}: export {format.value:4} median {statistics.median(times) * 1000:7.1f} ms")
    with db.reading() as connection:
        scan = [
            timed(lambda: paper_matches.match_titles(connection, keys=[title_key("no such title")]))
            for _ in range(runs)
        ]
    print(f"{name}: one title scan over the corpus median {statistics.median(scan):6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--postgres", help="also run on this PostgreSQL database (it is emptied)")
    args = parser.parse_args()
    if not args.file.exists():
        print(f"skipped: {args.file} is absent (it lives in the shared data folder, not in the repository)")
        return
    text = scholar_library(args.file, args.entries)
    data = text.encode()
    reads = [timed(partial(read_bibtex, text)) for _ in range(args.runs)]
    base = statistics.median(reads)
    print(f"library: {len(read_bibtex(text).references):,} entries, {len(data) / 1024:,.0f} KiB")
    print(f"baseline, read the BibTeX only: median {base:6.2f} s")
    targets = [("sqlite", None)] + ([("postgresql", args.postgres)] if args.postgres else [])
    for name, url in targets:
        with tempfile.TemporaryDirectory() as directory:
            db = fresh_database(url or f"sqlite:///{directory}/bench.sqlite3")
            indexed = import_file(db, path=args.file).inserted
            print(f"{name}: {indexed:,} papers indexed from {args.file.name}")
            run_database(db, name, data, args.runs, base)
            db.engine.dispose()


if __name__ == "__main__":
    main()
