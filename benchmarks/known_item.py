"""Looking up a paper one knows: does a typed title bring its paper first, per search mode?

    .venv/bin/python -m benchmarks.known_item [--queries 300] [--postgres URL]

On the shipped demo corpus with its shipped vectors (every paper has its real embedding, unlike the speed
benchmark's stand-ins): the demo files are imported as `dailypapers demo` imports them, `data/demo/embeddings.npz`
is loaded, and each query is the first 3 to 12 words of a demo paper's title, as people type a paper they have
heard of, sent through `search_papers` in each mode. Printed: how often that paper comes first and how often it is
among the 20 results, and the same for hybrid search with other keyword weights for typed queries (the product's
0.5 for them; 0.3, tuned on CSFCube's sentences and whole papers, for longer texts).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

import dailypapers.services.search as search_service
from benchmarks.databases import fresh_database
from dailypapers.db.engine import Database
from dailypapers.domain.search import SearchRequest
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.embedding_files import load_embeddings
from dailypapers.services.imports import import_file
from dailypapers.services.search import search_papers

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"
ARXIV_SLICE = DEMO / "arxiv_cs_demo_10k_contiguous.jsonl.gz"


def typed_titles(count: int, rng: np.random.Generator) -> dict[str, list[tuple[str, str]]]:
    """The first 3 to 12 words of titles, and the same words shuffled (remembered, not quoted: no title holds
    them in that order, so only the ranking can bring the paper first)."""
    with gzip.open(ARXIV_SLICE, "rt") as lines:
        rows = [json.loads(line) for line in lines]
    picks = rng.choice(len(rows), size=count, replace=False)
    typed = [(rows[i]["title"].split()[: int(rng.integers(3, 13))], rows[i]["id"]) for i in picks]
    return {
        "typed titles": [(" ".join(words), arxiv_id) for words, arxiv_id in typed],
        "title words shuffled": [(" ".join(rng.permutation(words)), arxiv_id) for words, arxiv_id in typed],
    }


def shares(db: Database, indexes: SearchIndexes, queries: list[tuple[str, str]], mode: str) -> tuple[float, float]:
    """How often the named paper is first, and among the 20 results."""
    first = top = 0
    for text_, arxiv_id in queries:
        hits = search_papers(db, indexes, SearchRequest(text_, mode=mode, limit=20)).hits  # type: ignore[arg-type]
        found = [hit.paper.arxiv_id for hit in hits]
        first += found[:1] == [arxiv_id]
        top += arxiv_id in found
    return first / len(queries), top / len(queries)


def run(name: str, url: str, workdir: Path, query_sets: dict[str, list[tuple[str, str]]]) -> None:
    db = fresh_database(url)
    for path in sorted(DEMO.glob("*.jsonl.gz")):
        import_file(db, path=path)
    indexes = SearchIndexes.open(model_dir=None, data_dir=workdir / name)
    report = load_embeddings(db, indexes, path=DEMO / "embeddings.npz")
    with db.reading() as connection:
        indexes.vectors.refresh(connection)
    print(
        f"[{name}] {report.loaded:,} vectors loaded ({report.changed} papers whose text changed since, left "
        f"without one)"
    )
    for set_name, queries in query_sets.items():
        print(f"[{name}] {len(queries)} queries: {set_name}")
        for mode in ("keyword", "semantic", "hybrid"):
            first, top = shares(db, indexes, queries, mode)
            print(f"[{name}]   {mode:8}: first {first:.0%}, among the 20 results {top:.0%}")
        chosen = search_service.TYPED_KEYWORD_WEIGHT
        try:
            for weight in (0.3, 0.7):
                search_service.TYPED_KEYWORD_WEIGHT = weight
                first, top = shares(db, indexes, queries, "hybrid")
                print(f"[{name}]   hybrid, keyword weight {weight}: first {first:.0%}, among the 20 results {top:.0%}")
        finally:
            search_service.TYPED_KEYWORD_WEIGHT = chosen
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--postgres", help="also measure this PostgreSQL database (it is emptied)")
    args = parser.parse_args()
    queries = typed_titles(args.queries, np.random.default_rng(3))
    with tempfile.TemporaryDirectory() as directory:
        run("sqlite", f"sqlite:///{directory}/known.sqlite3", Path(directory), queries)
        if args.postgres:
            run("postgresql", args.postgres, Path(directory), queries)


if __name__ == "__main__":
    sys.exit(main())
