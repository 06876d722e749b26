"""Whether the keyword index and the model leave Python's lock while they work, which is what lets a hybrid search
embed its query in a thread while the keyword leg runs (services/search.py).

    .venv/bin/python -m benchmarks.threads_overlap [--papers 20000]

Builds a tantivy index over real arXiv abstracts with the product's KeywordMirror, then times a batch of pasted-
abstract keyword searches on one thread, and the same batch on two threads at once. A library holding the lock
would take about twice as long for the two batches as for one; one that releases it takes about as long on two
cores. Then the same for the shipped embedder, and for the two mixed (one thread searching, one embedding).
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.search_speed import ARXIV, fresh_database
from benchmarks.synthetic import arxiv_rows
from dailypapers.domain.papers import PaperRecord
from dailypapers.domain.query_terms import extract_terms
from dailypapers.search.embedder import Embedder
from dailypapers.search.keyword_mirror import KeywordMirror
from dailypapers.store.paper_writes import upsert_papers

QUERIES = 40


def timed(*works: Callable[[], None]) -> float:
    """Seconds for one thread per work, all started at once, to end."""
    workers = [threading.Thread(target=work) for work in works]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=20_000)
    args = parser.parse_args()
    rows = arxiv_rows(ARXIV)[: args.papers + QUERIES]
    papers, queries = rows[: args.papers], rows[args.papers :]
    texts = [f"{row['title']}. {row['abstract']}" for row in queries]
    with tempfile.TemporaryDirectory() as directory:
        db = fresh_database(f"sqlite:///{directory}/overlap.sqlite3")
        records = [
            PaperRecord(arxiv_id=str(row["id"]), title=str(row["title"]), abstract=str(row["abstract"]), authors=())
            for row in papers
        ]
        with db.transaction() as connection:
            upsert_papers(connection, records, now=datetime.now(UTC))
        mirror = KeywordMirror(Path(directory) / "keyword")
        mirror.update(db)
        embedder = Embedder()
        terms = [extract_terms(text) for text in texts]

        def search() -> None:
            for query in terms:
                mirror.search(query, limit=100, require_all=False)

        def embed() -> None:
            for text in texts:
                embedder.embed_query(text)

        search()
        embed()  # warm up
        print(f"{args.papers:,} papers, {QUERIES} pasted abstracts per batch")
        for name, work in (("tantivy keyword search", search), ("query embedding", embed)):
            one, two = timed(work), timed(work, work)
            print(
                f"{name:24} one batch {one * 1000:7.1f} ms; two batches at once {two * 1000:7.1f} ms ({two / one:.2f}x)"
            )
        one, together = timed(search) + timed(embed), timed(search, embed)
        print(
            f"{'search and embedding':24} one after the other {one * 1000:7.1f} ms; at once {together * 1000:7.1f} ms "
            f"({one / together:.2f}x faster)"
        )
        db.dispose()


if __name__ == "__main__":
    main()
