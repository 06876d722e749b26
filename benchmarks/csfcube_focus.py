"""How much of the whole paper should a facet query read? CSFCube's facet queries with the query paper as context.

CSFCube asks for papers like one paper in one facet (its background, method or result). Read alone, the facet's
sentences miss what the paper is about; read whole, the paper drowns the facet. Here both legs read both, as
`domain/focus.py` does for "find related work" with a focus: the dense query is focus + λ × whole (renormalised),
the keyword score BM25(focus) + μ × BM25(whole), and the two are fused with z-scores, keyword weight w. λ, μ and w
are chosen on each fold's dev queries and reported on its test queries (2-fold: every query held out), beside
the facet alone and the whole paper alone. Uses the embeddings `benchmarks/search_quality.py` exports.

    .venv/bin/python -m benchmarks.csfcube_focus [--embeddings /tmp/csfcube-embeddings.npz]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.csfcube import (
    DEFAULT_DATA,
    NDCG_DEPTH,
    RELEVANT_GRADE,
    KeywordLeg,
    Query,
    load_collection,
    order_pool,
    paper_text,
)
from benchmarks.ranking_metrics import average_precision, ndcg_at
from dailypapers.domain.focus import CONTEXT_WEIGHT, focused_vector, summed_scores
from dailypapers.domain.fusion import fuse_scores
from dailypapers.search.embedder import Embedder

Setting = tuple[float, float, float]  # λ (dense context), μ (keyword context), w (keyword weight; 0: dense alone)
CONTEXTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
KEYWORD_WEIGHTS = (0.15, 0.3, 0.4)
PRODUCT: Setting = (CONTEXT_WEIGHT, CONTEXT_WEIGHT, 0.3)


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
    keyword = KeywordLeg(collection.papers)
    legs = {}
    for query in collection.queries:
        whole = paper_text(collection.papers[query.paper_id])
        focus = query.facet_text  # the whole paper again where CSFCube lists no sentence for the facet
        legs[query.query_id] = (
            embedder.embed_query(focus),
            embedder.embed_query(whole),
            keyword.score(focus, query.pool, title_weight=2.0, drop_stop_words=True),
            keyword.score(whole, query.pool, title_weight=2.0, drop_stop_words=True),
        )

    def ranked(query: Query, setting: Setting, *, only: str = "") -> list[str]:
        dense_context, keyword_context, weight = setting
        focus_vector, whole_vector, focus_bm25, whole_bm25 = legs[query.query_id]
        vector = focused_vector(focus_vector, whole_vector, context_weight=dense_context)
        pool_rows = np.array([rows[paper_id] for paper_id in query.pool])
        dense = list(zip(query.pool, (vectors[pool_rows] @ vector).tolist(), strict=True))
        bm25 = summed_scores(focus_bm25, whole_bm25, context_weight=keyword_context)
        if only == "keyword":
            return order_pool(bm25, query.pool)
        if only == "dense" or not weight:
            return order_pool(dense, query.pool)
        # Pool papers holding no query word score BM25's 0, as the product's complete keyword leg gives them.
        fused = fuse_scores([bm25, dense], weights=[weight, 1 - weight], normalisation="zscore", absent=[0.0, None])
        return order_pool(fused, query.pool)

    by_id = {query.query_id: query for query in collection.queries}
    everything = set(by_id)
    _, fold1_test = collection.folds["fold1"]

    def figures(query_ids: set[str], setting: Setting, only: str = "") -> tuple[float, float]:
        orders = [(by_id[query_id], ranked(by_id[query_id], setting, only=only)) for query_id in sorted(query_ids)]
        ndcg = np.mean([ndcg_at(order, query.grades, k=NDCG_DEPTH) for query, order in orders])
        ap = np.mean([average_precision(order, query.grades, min_grade=RELEVANT_GRADE) for query, order in orders])
        return float(ndcg), float(ap)

    def row(label: str, setting: Setting, only: str = "") -> None:
        ndcg, ap = figures(everything, setting, only)
        test_ndcg, test_ap = figures(fold1_test, setting, only)
        print(f"{label:56} {ndcg:8.3f} {ap:8.3f} {test_ndcg:9.3f} {test_ap:8.3f}", flush=True)

    print(
        f"{'ranking (NDCG@20 / MAP, all 50 and test fold)':56} {'NDCG all':>8} {'MAP all':>8} {'NDCG test':>9} "
        f"{'MAP test':>8}"
    )
    # A context weight of 0 reads the facet alone; the whole paper alone is the context with the focus at 1/100.
    row("facet alone: keyword", (0.0, 0.0, 0.3), "keyword")
    row("facet alone: dense", (0.0, 0.0, 0.3), "dense")
    row("facet alone: hybrid z-score 0.3/0.7", (0.0, 0.0, 0.3))
    row("whole paper alone: hybrid z-score 0.3/0.7", (100.0, 100.0, 0.3))
    label = f"facet in paper, λ = μ = {CONTEXT_WEIGHT:g} (the product)"
    row(f"{label}: keyword", PRODUCT, "keyword")
    row(f"{label}: dense", PRODUCT, "dense")
    row(f"{label}: hybrid 0.3/0.7", PRODUCT)

    def per_query(setting: Setting, only: str = "") -> np.ndarray:
        return np.array([ndcg_at(ranked(q, setting, only=only), q.grades, k=NDCG_DEPTH) for q in collection.queries])

    focused = per_query(PRODUCT)
    for label, other in (
        ("its dense leg", per_query(PRODUCT, "dense")),
        ("its keyword leg", per_query(PRODUCT, "keyword")),
        ("the facet alone (hybrid)", per_query((0.0, 0.0, 0.3))),
        ("the whole paper alone (hybrid)", per_query((100.0, 100.0, 0.3))),
    ):
        gain = focused - other
        error = gain.std(ddof=1) / np.sqrt(len(gain))
        print(
            f"per query, the focused hybrid against {label}: {gain.mean():+.3f} ± {error:.3f} (one standard error),"
            f" ahead on {int((gain > 0).sum())} of {len(gain)}, behind on {int((gain < 0).sum())}"
        )

    grid: list[Setting] = list(itertools.product(CONTEXTS, CONTEXTS, KEYWORD_WEIGHTS))
    held_out: list[float] = []
    for fold in ("fold1", "fold2"):
        dev, test = collection.folds[fold]
        best = max(grid, key=lambda setting: round(figures(dev, setting)[0], 6))
        held_out += [ndcg_at(ranked(by_id[q], best), by_id[q].grades, k=NDCG_DEPTH) for q in sorted(test)]
        print(
            f"{fold}: dev chose λ {best[0]:g}, μ {best[1]:g}, w {best[2]:g}: dev {figures(dev, best)[0]:.3f}, "
            f"test {figures(test, best)[0]:.3f}"
        )
    print(f"facet in paper, tuned on dev, 2-fold NDCG@20 (all 50 held out): {np.mean(held_out):.3f}")
    scores = sorted((figures(everything, setting)[0] for setting in grid), reverse=True)
    print(
        f"grid of {len(grid)} settings over all 50: best {scores[0]:.3f}, median {np.median(scores):.3f}, "
        f"worst {scores[-1]:.3f}"
    )


if __name__ == "__main__":
    sys.exit(main())
