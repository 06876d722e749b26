"""Does dense pseudo-relevance feedback lift CSFCube's facet queries? (Rocchio on the query vector.)

The query vector moves towards the mean of its k nearest papers (beta times that mean, renormalised) before the
pool is ranked, alone or fused with BM25 (z-scores, as the product fuses). "corpus" takes the neighbours from the
whole collection, as the product could; "pool" from the judged pool, which the product never has (an upper
bound). Tuned on each fold's dev queries, reported on its test queries (2-fold), beside the untuned z-score
0.3/0.7 fusion. Uses the embeddings `benchmarks/search_quality.py` exports (`--embeddings`).

    .venv/bin/python -m benchmarks.csfcube_feedback [--embeddings /tmp/csfcube-embeddings.npz]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.csfcube import DEFAULT_DATA, NDCG_DEPTH, KeywordLeg, Query, Scores, load_collection, order_pool
from benchmarks.ranking_metrics import ndcg_at
from dailypapers.domain.fusion import fuse_scores
from dailypapers.search.embedder import Embedder

Feedback = tuple[float, int, str, float]  # beta, k, scope, keyword weight (0: dense alone)
NONE: Feedback = (0.0, 0, "corpus", 0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings", type=Path, default=Path(tempfile.gettempdir()) / "csfcube-embeddings.npz")
    args = parser.parse_args()
    if not (DEFAULT_DATA / "qrels.trec").exists() or not args.embeddings.exists():
        print(f"skipped: needs {DEFAULT_DATA} and {args.embeddings} (run benchmarks/search_quality.py first)")
        return
    collection = load_collection(DEFAULT_DATA)
    with np.load(args.embeddings) as saved:
        rows = {str(arxiv_id): row for row, arxiv_id in enumerate(saved["arxiv_ids"])}
        vectors = saved["vectors"].astype(np.float32)
    embedder = Embedder()
    query_vectors = {query.query_id: embedder.embed_query(query.facet_text) for query in collection.queries}
    keyword = KeywordLeg(collection.papers)
    keyword_scores = {
        query.query_id: keyword.score(query.facet_text, query.pool, title_weight=2.0, drop_stop_words=True)
        for query in collection.queries
    }

    def dense(query: Query, beta: float, k: int, scope: str) -> Scores:
        vector = query_vectors[query.query_id]
        pool_rows = np.array([rows[paper_id] for paper_id in query.pool])
        if beta:
            if scope == "corpus":
                similarity = vectors @ vector
                similarity[rows[query.paper_id]] = -np.inf
                nearest = np.argsort(-similarity)[:k]
            else:
                nearest = pool_rows[np.argsort(-(vectors[pool_rows] @ vector))[:k]]
            vector = vector + beta * vectors[nearest].mean(axis=0)
            vector = vector / np.linalg.norm(vector)
        return list(zip(query.pool, (vectors[pool_rows] @ vector).tolist(), strict=True))

    def ndcg(query: Query, feedback: Feedback) -> float:
        beta, k, scope, weight = feedback
        scores = dense(query, beta, k, scope)
        if weight:
            legs = [keyword_scores[query.query_id], scores]
            scores = fuse_scores(legs, weights=[weight, 1 - weight], normalisation="zscore")
        return ndcg_at(order_pool(scores, query.pool), query.grades, k=NDCG_DEPTH)

    by_id = {query.query_id: query for query in collection.queries}

    def mean(query_ids: set[str], feedback: Feedback) -> float:
        return float(np.mean([ndcg(by_id[query_id], feedback) for query_id in sorted(query_ids)]))

    grid: list[Feedback] = [(0.0, 0, "corpus", weight) for weight in (0.0, 0.15, 0.3)]
    grid += [
        (beta, k, scope, weight)
        for scope in ("corpus", "pool")
        for beta in (0.5, 1.0, 2.0)
        for k in (1, 3, 5)
        for weight in (0.0, 0.15, 0.3)
    ]
    everything = set(by_id)
    print(f"no feedback, z-score 0.3/0.7, all 50: {mean(everything, NONE):.3f}")
    for scope in ("corpus", "pool"):
        held_out = []
        for fold in ("fold1", "fold2"):
            dev, test = collection.folds[fold]
            choices = [item for item in grid if item[0] == 0 or item[2] == scope]
            best = max(choices, key=lambda feedback: round(mean(dev, feedback), 6))
            held_out += [ndcg(by_id[query_id], best) for query_id in sorted(test)]
            print(f"{scope:6} {fold}: dev chose beta {best[0]:g}, k {best[1]}, keyword weight {best[3]:g}")
        print(f"{scope:6} feedback, tuned on dev, 2-fold NDCG@20: {np.mean(held_out):.3f}")
        hindsight = max((item for item in grid if item[2] == scope), key=lambda feedback: mean(everything, feedback))
        print(f"{scope:6} best over all 50 in hindsight: {mean(everything, hindsight):.3f} {hindsight}")


if __name__ == "__main__":
    sys.exit(main())
