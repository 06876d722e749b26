"""Search quality on CSFCube through the product's own code: the keyword leg as SQLite FTS5 and as PostgreSQL's
BM25 postings (beside plain ts_rank_cd), the semantic leg from embeddings stored by `index_papers`, and the fusion.

    .venv/bin/python benchmarks/search_quality.py [--postgres URL] [--embeddings FILE]

Protocol (shared/data/csfcube/README): each of the 50 query facets ranks its judged pool (~125 papers, the query
paper left out); NDCG@20 with gain 2^grade − 1, MAP with grade ≥ 2 relevant; over all 50 and the test fold; and
the "whole paper as query" variant (title + abstract), which is what similar papers does; and the whole paper
with the facet's sentences as its focus, as "find related work" reads a text and its focus. The PostgreSQL database
is emptied. Embeddings are computed once with the shipped model and cached in --embeddings.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, select, text

from dailypapers.db.engine import Database, create_db_engine
from dailypapers.db.migrate import upgrade_database
from dailypapers.db.schema import papers as papers_table
from dailypapers.domain.focus import focused_vector
from dailypapers.domain.papers import PaperRecord
from dailypapers.domain.query_terms import extract_terms
from dailypapers.domain.search import ScoredId, SearchRequest
from dailypapers.search.embedding_model import EmbeddingModel
from dailypapers.search.embeddings import get_embedding
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.keyword_mirror import KeywordMirror
from dailypapers.services.embedding_files import export_embeddings, load_embeddings
from dailypapers.services.indexing import index_papers
from dailypapers.services.search import fuse_legs, keyword_leg, keyword_weight
from dailypapers.store.paper_writes import upsert_papers

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "csfcube"
TEST_FOLD = "fold1_test"
# A ranker scores a query's pool for a text and its focus ("" for none), as services.search ranks a request.
Ranker = Callable[[Connection, str, str, list[str]], dict[str, float]]


def load_csfcube() -> tuple[dict[str, dict[str, str]], list[dict[str, object]], dict[str, dict[str, int]], set[str]]:
    with gzip.open(DATA / "papers.jsonl.gz", "rt") as lines:
        papers = {row["paper_id"]: row for row in map(json.loads, lines)}
    with (DATA / "queries.jsonl").open() as lines:
        queries = [json.loads(line) for line in lines]
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for line in (DATA / "qrels.trec").open():
        query_id, _, paper_id, grade = line.split()
        qrels[query_id][paper_id] = int(grade)
    test = set(json.loads((DATA / "evaluation_splits.json").read_text())["all"][TEST_FOLD])
    return papers, queries, qrels, test


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 20) -> float:
    gains = [2 ** grades.get(paper_id, 0) - 1 for paper_id in ranked[:k]]
    ideal = sorted((2**grade - 1 for grade in grades.values()), reverse=True)[:k]
    dcg = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))
    best = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(ideal))
    return dcg / best if best else 0.0


def average_precision(ranked: list[str], grades: dict[str, int]) -> float:
    relevant = {paper_id for paper_id, grade in grades.items() if grade >= 2}
    hits, total = 0, 0.0
    for rank, paper_id in enumerate(ranked, start=1):
        if paper_id in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


def keyword_ranker(connection: Connection, query: str, focus: str, pool: list[str]) -> dict[str, float]:
    request = SearchRequest(query, focus=focus)
    hits = keyword_leg(connection, request, terms=extract_terms(query), pool=10_000, mirror=None)
    return _pool_scores(connection, hits, pool)


def make_mirror_ranker(mirror: KeywordMirror) -> Ranker:
    """The keyword leg as the on-disk tantivy index answers it (search_keyword asks it when it is current)."""

    def rank(connection: Connection, query: str, focus: str, pool: list[str]) -> dict[str, float]:
        request = SearchRequest(query, focus=focus)
        hits = keyword_leg(connection, request, terms=extract_terms(query), pool=10_000, mirror=mirror)
        return _pool_scores(connection, hits, pool)

    return rank


def ts_rank_ranker(connection: Connection, query: str, focus: str, pool: list[str]) -> dict[str, float]:
    """PostgreSQL's own ranking over a weighted tsvector: the baseline the BM25 postings replace."""
    rows = connection.execute(
        text(
            "SELECT arxiv_id, ts_rank_cd(setweight(to_tsvector('english', title), 'A') || "
            "setweight(to_tsvector('english', abstract), 'B'), q) FROM papers, "
            "to_tsquery('english', :q) AS q WHERE arxiv_id = ANY(CAST(:pool AS text[]))"
        ),
        {"q": " | ".join(extract_terms(query)) or "''", "pool": pool},
    )
    return {arxiv_id: float(score) for arxiv_id, score in rows}


def make_semantic_ranker(model: EmbeddingModel) -> Ranker:
    def rank(connection: Connection, query: str, focus: str, pool: list[str]) -> dict[str, float]:
        vector = model.embed_query(query)
        if focus:
            vector = focused_vector(model.embed_query(focus), vector)
        ids = _ids(connection, pool)
        scores = {}
        for arxiv_id, paper_id in ids.items():
            stored = get_embedding(connection, paper_id=paper_id, model_id=model.model_id)
            if stored is not None:
                scores[arxiv_id] = float(stored @ vector)
        return scores

    return rank


def make_hybrid_ranker(semantic_rank: Ranker, keyword_rank: Ranker = keyword_ranker) -> Ranker:
    def rank(connection: Connection, query: str, focus: str, pool: list[str]) -> dict[str, float]:
        keyword = keyword_rank(connection, query, focus, pool)
        dense = semantic_rank(connection, query, focus, pool)
        ids = _ids(connection, pool)
        legs = [
            [ScoredId(ids[a], s) for a, s in sorted(scores.items(), key=lambda item: -item[1])]
            for scores in (keyword, dense)
        ]
        by_id = {paper_id: arxiv_id for arxiv_id, paper_id in ids.items()}
        # The keyword scores are complete: every pool paper holding a query word is scored, the others hold none.
        weight = keyword_weight(extract_terms(query))
        fused = fuse_legs(keyword=legs[0], semantic=legs[1], keyword_complete=True, keyword_weight=weight)
        return {by_id[hit.paper_id]: hit.score for hit in fused}

    return rank


QUERY_FORMS = ("facet", "title", "whole paper", "facet in paper")


def query_text(form: str, query: dict[str, object], paper: dict[str, str]) -> tuple[str, str]:
    """The text and focus of a query form: the facet's sentences, the query paper's title (a short query naming
    its topic), its title and abstract, or its title and abstract with the facet's sentences as the focus (what
    "find related work" asks with its focus box filled)."""
    sentences = " ".join(query["facet_sentences"])  # type: ignore[arg-type]
    whole = f"{paper['title']} {paper['abstract']}"
    if form == "facet" and sentences:
        return sentences, ""
    if form == "title":
        return paper["title"], ""
    if form == "facet in paper" and sentences:
        return whole, sentences
    return whole, ""


def evaluate(db: Database, ranker: Ranker, *, form: str) -> dict[str, float]:
    papers, queries, qrels, test = load_csfcube()
    ndcg: dict[str, float] = {}
    ap: dict[str, float] = {}
    with db.reading() as connection:
        for query in queries:
            query_id, paper_id = str(query["query_id"]), str(query["paper_id"])
            paper = papers[paper_id]
            text_, focus = query_text(form, query, paper)
            pool = [candidate for candidate in qrels[query_id] if candidate != paper_id]
            scores = ranker(connection, text_, focus, pool)
            # Unscored candidates go last, in a fixed order, as a ranker that never saw them would leave them.
            ranked = sorted(pool, key=lambda candidate: (-scores.get(candidate, -1e9), candidate))
            ndcg[query_id] = ndcg_at(ranked, qrels[query_id])
            ap[query_id] = average_precision(ranked, qrels[query_id])
    test_ids = [query_id for query_id in ndcg if query_id in test]
    return {
        "ndcg_all": float(np.mean(list(ndcg.values()))),
        "map_all": float(np.mean(list(ap.values()))),
        "ndcg_test": float(np.mean([ndcg[q] for q in test_ids])),
        "map_test": float(np.mean([ap[q] for q in test_ids])),
    }


def fill(db: Database) -> None:
    papers, _, _, _ = load_csfcube()
    now = datetime.now(UTC)
    records = [
        PaperRecord(arxiv_id=paper_id, title=row["title"], abstract=str(row["abstract"]), authors=())
        for paper_id, row in papers.items()
    ]
    with db.transaction() as connection:
        for start in range(0, len(records), 2000):
            upsert_papers(connection, records[start : start + 2000], now=now)


def _ids(connection: Connection, arxiv_ids: list[str]) -> dict[str, int]:
    query = select(papers_table.c.arxiv_id, papers_table.c.id).where(papers_table.c.arxiv_id.in_(arxiv_ids))
    return {arxiv_id: paper_id for arxiv_id, paper_id in connection.execute(query)}


def _pool_scores(connection: Connection, hits: list[ScoredId], pool: list[str]) -> dict[str, float]:
    ids = _ids(connection, pool)
    by_id = {paper_id: arxiv_id for arxiv_id, paper_id in ids.items()}
    return {by_id[hit.paper_id]: hit.score for hit in hits if hit.paper_id in by_id}


def fresh_database(url: str) -> Database:
    engine = create_db_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    upgrade_database(engine)
    return Database(engine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="also measure PostgreSQL (this database is emptied)")
    parser.add_argument("--embeddings", type=Path, default=Path(tempfile.gettempdir()) / "csfcube-embeddings.npz")
    parser.add_argument("--keyword-only", action="store_true", help="skip the model (no embedding needed)")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return
    with tempfile.TemporaryDirectory() as directory:
        targets = [("SQLite", f"sqlite:///{directory}/csfcube.sqlite3")]
        targets += [("PostgreSQL", args.postgres)] if args.postgres else []
        print(f"{'database':11} {'ranker':24} {'query':14} NDCG@20 all  MAP all  NDCG@20 test  MAP test")
        for name, url in targets:
            db = fresh_database(url)
            fill(db)
            mirror = KeywordMirror(Path(directory) / name / "keyword")
            mirror.update(db)
            tantivy_rank = make_mirror_ranker(mirror)
            rankers: list[tuple[str, Ranker]] = [
                ("keyword (product BM25)", keyword_ranker),
                ("keyword (tantivy)", tantivy_rank),
            ]
            if name == "PostgreSQL":
                rankers.append(("ts_rank_cd (baseline)", ts_rank_ranker))
            if not args.keyword_only:
                indexes = SearchIndexes.open(model_dir=None, data_dir=Path(directory) / name)
                if args.embeddings.exists():
                    load_embeddings(db, indexes, path=args.embeddings)
                index_papers(db, indexes)
                export_embeddings(db, indexes.model, path=args.embeddings)
                dense = make_semantic_ranker(indexes.model)
                rankers += [
                    ("semantic (MiniLM)", dense),
                    ("hybrid (product fusion)", make_hybrid_ranker(dense)),
                    ("hybrid, tantivy keyword", make_hybrid_ranker(dense, tantivy_rank)),
                ]
            for label, ranker in rankers:
                for form in QUERY_FORMS:
                    if ranker is ts_rank_ranker and form == "facet in paper":
                        continue  # the baseline reads no focus
                    m = evaluate(db, ranker, form=form)
                    print(
                        f"{name:11} {label:24} {form:14} {m['ndcg_all']:11.3f} {m['map_all']:8.3f}"
                        f" {m['ndcg_test']:13.3f} {m['map_test']:9.3f}",
                        flush=True,
                    )
            db.dispose()


if __name__ == "__main__":
    sys.exit(main())
