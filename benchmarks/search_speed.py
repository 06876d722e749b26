"""Search speed: index build, memory and query latency per mode, on the 75k arXiv file or on synthetic papers.

    .venv/bin/python benchmarks/search_speed.py --vectors /tmp/search-vectors [--postgres URL]
    .venv/bin/python benchmarks/search_speed.py --synthetic 1000000 --vectors /tmp/search-vectors

The papers are imported with the product's importer (keyword index kept by triggers), their vectors stored with
`save_embeddings`, the vector index built the way a web worker builds it, and queries go through `search_papers`
(query embedding, both legs, fusion, paper loading and highlighting included). Vectors come from a cache made
once by the shipped embedder (`embed_cache.py`); embedding 75k abstracts takes ~35 min on 2 cores.

Synthetic papers (--synthetic N) are honest stand-ins, not real papers: each one's abstract is 6 sentences drawn
at random from the real abstracts and its title 8 words of a real title, so term statistics are real; its vector
is the normalised mean of those source papers' real vectors plus Gaussian noise (sigma 0.02 per dimension).
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from sqlalchemy import text

from benchmarks.synthetic import arxiv_rows, fill_missing_vectors, load_vector_cache, synthetic_rows, write_jsonl
from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import upgrade_database
from dailypapers.domain.clock import utc_now
from dailypapers.domain.search import SearchMode, SearchRequest, content_hash, embedding_text
from dailypapers.search.embeddings import NewEmbedding, iterate_embeddings, save_embeddings
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.pgvector import has_pgvector, sync_pgvector
from dailypapers.services.imports import import_file
from dailypapers.services.search import search_papers

ROOT = Path(__file__).resolve().parent.parent
ARXIV = ROOT.parent / "shared" / "data" / "arxiv-cs" / "arxiv_cs_2025-03_2026-07.jsonl.gz"
QUERIES = 200


@dataclass(frozen=True, slots=True)
class Run:
    """One way of answering a query set: a mode, the keyword index that answers, and for hybrid whether the query
    is embedded while the keyword leg runs (as search does) or after it."""

    mode: SearchMode
    backend: str  # "database" or "tantivy"
    alongside: bool = True

    @property
    def label(self) -> str:
        after = ", embedded after" if self.mode == "hybrid" and not self.alongside else ""
        return f"{self.mode} ({self.backend}{after})"


def ratio(run: Run, medians: dict[Run, float]) -> str:
    """For a tantivy run, its speed-up over the database's index in the same mode (p50s over the same queries)."""
    baseline = medians.get(Run(run.mode, "database"))
    if run.backend != "tantivy" or baseline is None:
        return ""
    return f"; {baseline / medians[run]:.1f}x faster than the database's"


@dataclass(frozen=True, slots=True)
class QuerySet:
    texts: list[str]
    sources: list[str | None]  # the arXiv id of the paper a query names, if it names one


def benchmark_queries(real: list[dict[str, object]], rng: np.random.Generator) -> dict[str, QuerySet]:
    """Three sets of real words, 200 queries each:
    - typed titles: the first 3 to 12 words of a title, as people look for a paper they know of;
    - two titles mixed: the first 3 words of one title and of another, a topic no paper may hold every word of,
      which takes the keyword leg's any-word (OR) path when none does;
    - pasted abstracts: the first 40 to 120 words of an abstract, as "find related work" receives them (OR).
    """
    titles, mixed, pasted = QuerySet([], []), QuerySet([], []), QuerySet([], [])

    def pick() -> dict[str, object]:
        return real[int(rng.integers(len(real)))]

    for _ in range(QUERIES):
        row = pick()
        titles.texts.append(" ".join(str(row["title"]).split()[: int(rng.integers(3, 13))]))
        titles.sources.append(str(row["id"]))
        mixed.texts.append(" ".join(str(pick()["title"]).split()[:3] + str(pick()["title"]).split()[:3]))
        mixed.sources.append(None)
        row = pick()
        pasted.texts.append(" ".join(str(row["abstract"]).split()[: int(rng.integers(40, 121))]))
        pasted.sources.append(str(row["id"]))
    return {"typed titles": titles, "two titles mixed": mixed, "pasted abstracts": pasted}


def rss_mb() -> float:
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentiles(samples: list[float]) -> str:
    ms = sorted(sample * 1000 for sample in samples)
    return f"p50 {statistics.median(ms):7.2f} ms   p95 {ms[int(len(ms) * 0.95) - 1]:7.2f} ms"


def fresh_database(url: str) -> Database:
    engine = create_db_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
    upgrade_database(engine)
    return Database(engine)


def store_vectors(db: Database, indexes: SearchIndexes, rows: list[dict[str, object]], vectors: np.ndarray) -> None:
    with db.reading() as connection:
        ids = dict(connection.execute(text("SELECT arxiv_id, id FROM papers")).all())
    batch = 5000
    for start in range(0, len(rows), batch):
        chunk = []
        for offset, row in enumerate(rows[start : start + batch]):
            body = embedding_text(title=str(row["title"]), abstract=str(row["abstract"]))
            digest = content_hash(model_id=indexes.model.model_id, text=body)
            chunk.append(NewEmbedding(ids[row["id"]], digest, vectors[start + offset]))
        with db.transaction() as connection:
            save_embeddings(connection, embeddings=chunk, model_id=indexes.model.model_id, now=utc_now())


def hnsw_recall(db: Database, indexes: SearchIndexes, vectors: np.ndarray, queries: list[str]) -> float:
    """How many of the exact ten nearest papers the HNSW index returns, over the benchmark's queries."""
    with db.reading() as connection:
        paper_ids = np.array([row[0] for row in connection.execute(text("SELECT id FROM papers ORDER BY id"))])
    overlap = []
    for query in queries[:100]:
        vector = indexes.model.embed_query(query)
        exact = set(paper_ids[np.argsort(-(vectors @ vector))[:10]].tolist())
        with db.reading() as connection:
            found = {hit.paper_id for hit in indexes.vectors.search(connection, vector, k=10)}
        overlap.append(len(exact & found) / 10)
    return float(np.mean(overlap))


def run(
    name: str,
    url: str,
    rows: list[dict[str, object]],
    vectors: np.ndarray,
    queries: dict[str, QuerySet],
    workdir: Path,
    baseline_queries: int = QUERIES,
) -> None:
    db = fresh_database(url)
    source = workdir / "papers.jsonl"
    write_jsonl(source, rows)
    started = time.perf_counter()
    import_file(db, path=source)
    seconds = time.perf_counter() - started
    source.unlink()  # 1.3 GB at 1M papers; the database holds them now
    print(f"[{name}] import with keyword index: {len(rows):,} papers in {seconds:.1f} s = {len(rows) / seconds:,.0f}/s")

    indexes = SearchIndexes.open(model_dir=None, data_dir=workdir / name)
    indexes.model.embed_query("load the model")
    started = time.perf_counter()
    store_vectors(db, indexes, rows, vectors)
    print(f"[{name}] storing {len(rows):,} vectors: {time.perf_counter() - started:.1f} s")

    before = rss_mb()
    started = time.perf_counter()
    with db.transaction() as connection:
        if has_pgvector(connection):
            sync_pgvector(connection, model_id=indexes.model.model_id, dimension=indexes.model.dimension)
            kind = "pgvector HNSW"
        else:
            indexes.vectors.refresh(connection)
            kind = f"in-process {indexes.vectors.kind}"
    build = time.perf_counter() - started
    print(
        f"[{name}] vector index ({kind}): built in {build:.1f} s ({len(rows) / build:,.0f} vectors/s), "
        f"+{rss_mb() - before:,.0f} MB resident"
    )
    if kind.startswith("in-process"):
        indexes.vectors.save()
        restarted = SearchIndexes.open(model_dir=None, data_dir=workdir / name)
        started = time.perf_counter()
        with db.reading() as connection:
            restarted.vectors.refresh(connection)
        print(f"[{name}] a restarted worker loads the saved index in {time.perf_counter() - started:.2f} s")
        del restarted
        gc.collect()

    build_keyword_index(name, db, indexes)
    measure(name, db, indexes, vectors, queries, baseline_queries)
    db.dispose()


def build_keyword_index(name: str, db: Database, indexes: SearchIndexes) -> None:
    """The on-disk keyword index (tantivy), built as `dailypapers index` builds it."""
    before = rss_mb()
    started = time.perf_counter()
    report = indexes.keyword.update(db)
    seconds = time.perf_counter() - started
    size = sum(path.stat().st_size for path in indexes.keyword.directory.iterdir() if path.is_file())
    what = "built" if report.rebuilt else "caught up"
    print(
        f"[{name}] keyword index on disk (tantivy): {what}, {report.applied:,} papers in {seconds:.1f} s "
        f"({report.applied / max(seconds, 1e-9):,.0f} papers/s), {size / 1e6:,.0f} MB on disk, "
        f"+{rss_mb() - before:,.0f} MB resident"
    )


def measure(
    name: str,
    db: Database,
    indexes: SearchIndexes,
    vectors: np.ndarray,
    queries: dict[str, QuerySet],
    baseline_queries: int = QUERIES,
) -> None:
    """Recall (for an in-process HNSW index) and query latency per mode, for each set of queries."""
    typed = queries["typed titles"]
    with db.reading() as connection:
        indexes.vectors.refresh(connection)
    if indexes.vectors.kind == "hnsw" and len(indexes.vectors):
        print(f"[{name}] HNSW recall@10 against an exact scan: {hnsw_recall(db, indexes, vectors, typed.texts):.3f}")
    embed_times = []
    for query in typed.texts[:100]:
        started = time.perf_counter()
        indexes.model.embed_query(query)
        embed_times.append(time.perf_counter() - started)
    print(f"[{name}] query embedding alone:        {percentiles(embed_times)}")
    # The keyword leg twice: the database's index (FTS5 or the PostgreSQL postings) as the baseline, then the
    # on-disk tantivy index, on the same queries in the same process. Hybrid with tantivy twice as well: the query
    # embedded after the keyword leg (the baseline), then while it runs (what search does).
    runs = [
        Run("keyword", "database"),
        Run("semantic", "database"),
        Run("hybrid", "database"),
        Run("keyword", "tantivy"),
        Run("hybrid", "tantivy", alongside=False),
        Run("hybrid", "tantivy"),
    ]
    for set_name, query_set in queries.items():
        print(f"[{name}] {len(query_set.texts)} queries: {set_name}")
        medians: dict[Run, float] = {}  # over the first `baseline_queries`, which every run answers
        whole: dict[Run, float] = {}  # over every query the run answered
        for run_ in runs:
            indexes.keyword.enabled = run_.backend == "tantivy"
            indexes.model.embed_alongside = run_.alongside
            count = len(query_set.texts) if run_.backend == "tantivy" else min(len(query_set.texts), baseline_queries)
            texts, sources = query_set.texts[:count], query_set.sources[:count]
            request = partial(SearchRequest, mode=run_.mode, limit=20)
            for query in texts[:10]:  # warm caches
                search_papers(db, indexes, request(query))
            times, first, named = [], 0, 0
            for query, source in zip(texts, sources, strict=True):
                started = time.perf_counter()
                results = search_papers(db, indexes, request(query))
                times.append(time.perf_counter() - started)
                if source is not None:
                    named += 1
                    first += bool(results.hits) and results.hits[0].paper.arxiv_id == source
            medians[run_] = statistics.median(times[:baseline_queries])
            whole[run_] = statistics.median(times)
            found = f"; the paper it names first for {first / named:.0%}" if named else ""
            compared = ratio(run_, medians)
            if compared:
                compared += f" (p50s over the same {min(count, baseline_queries)} queries)"
            after = whole.get(Run(run_.mode, run_.backend, alongside=False))
            if run_.mode == "hybrid" and run_.alongside and after is not None:
                compared += f"; {after / whole[run_]:.2f}x faster than embedding after"
            print(f"[{name}]   search {run_.label:33} {count} queries: {percentiles(times)}{found}{compared}")
    indexes.model.embed_alongside = True
    indexes.keyword.enabled = True
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{name}] peak resident memory so far: {peak:,.0f} MB")


def measure_existing(directory: Path, queries: dict[str, QuerySet], baseline_queries: int) -> None:
    """Queries only, on a database and saved index an earlier run left (copied out of its temporary directory)."""
    db = Database(create_db_engine(f"sqlite:///{directory / 'bench.sqlite3'}"))
    indexes = SearchIndexes.open(model_dir=None, data_dir=directory / "sqlite")
    started = time.perf_counter()
    with db.reading() as connection:
        indexes.vectors.refresh(connection)
        count = connection.execute(text("SELECT count(*) FROM papers")).scalar_one()
        vectors = np.vstack(
            [
                batch.vectors
                for batch in iterate_embeddings(connection, model_id=indexes.model.model_id, after_sequence=0)
            ]
        )
    seconds = time.perf_counter() - started
    print(f"[existing] {count:,} papers; the saved {indexes.vectors.kind} index loaded in {seconds:.1f} s")
    build_keyword_index("existing", db, indexes)
    measure("existing", db, indexes, vectors, queries, baseline_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vectors", type=Path, required=True, help="the embedding cache directory")
    parser.add_argument("--synthetic", type=int, default=0, help="this many synthetic papers instead of the 75k")
    parser.add_argument("--postgres", help="also measure this PostgreSQL database (it is emptied)")
    parser.add_argument("--skip-sqlite", action="store_true", help="measure only the PostgreSQL database")
    parser.add_argument("--existing", type=Path, help="only query a database and index an earlier run left here")
    parser.add_argument("--workdir", type=Path, default=None, help="where the SQLite file goes (default: a temp dir)")
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=QUERIES,
        help="queries per set for the database's keyword index (at 1M a pasted abstract takes it ~2 s)",
    )
    parser.add_argument("--keep", type=Path, help="keep the database and saved index here, for --existing")
    args = parser.parse_args()
    if not ARXIV.exists():
        print(f"skipped: {ARXIV} is absent")
        return
    real = arxiv_rows(ARXIV)
    if args.existing:
        measure_existing(args.existing, benchmark_queries(real, np.random.default_rng(7)), args.baseline_queries)
        return
    found, found_vectors = load_vector_cache(args.vectors, ids=[str(row["id"]) for row in real])
    if not found:
        print(f"skipped: no cached vectors in {args.vectors}; run benchmarks/embed_cache.py")
        return
    rng = np.random.default_rng(7)
    embedded = set(found)
    sources = [row for row in real if row["id"] in embedded]
    if args.synthetic:
        rows, vectors = synthetic_rows(sources, found_vectors, count=args.synthetic, rng=rng)
    else:
        rows, vectors = real, fill_missing_vectors(real, found, found_vectors, rng=rng)
        if len(found) < len(real):
            print(
                f"note: {len(real) - len(found):,} of {len(real):,} vectors are not embedded yet: stand-ins "
                "(the mean of 6 embedded papers' vectors plus noise) take their place"
            )
    queries = benchmark_queries(real, rng)
    print(f"{len(rows):,} papers ({'synthetic' if args.synthetic else 'real'})")
    if args.keep:
        if (args.keep / "bench.sqlite3").exists():
            parser.error(f"--keep: {args.keep} already holds a benchmark database; query it with --existing")
        args.keep.mkdir(parents=True, exist_ok=True)
        measure_all(args, rows, vectors, queries, args.keep)
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as directory:
        measure_all(args, rows, vectors, queries, Path(directory))


def measure_all(
    args: argparse.Namespace,
    rows: list[dict[str, object]],
    vectors: np.ndarray,
    queries: dict[str, QuerySet],
    directory: Path,
) -> None:
    if not args.skip_sqlite:
        run("sqlite", f"sqlite:///{directory}/bench.sqlite3", rows, vectors, queries, directory, args.baseline_queries)
    if args.postgres:
        run("postgresql", args.postgres, rows, vectors, queries, directory, args.baseline_queries)


if __name__ == "__main__":
    sys.exit(main())
