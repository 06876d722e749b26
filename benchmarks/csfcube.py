"""Search quality on CSFCube (Mysore et al., NeurIPS 2021 Datasets and Benchmarks; CC BY-NC 4.0).

Ranks each query's judged pool by SQLite FTS5 BM25, by the packaged int8 embedder and by their fusion; tunes
every choice on the dev fold only; prints NDCG@20 and MAP on all 50 queries, the test fold, and 2-fold CV.
Usage: .venv/bin/python -m benchmarks.csfcube [--data ../shared/data/csfcube] [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.ranking_metrics import average_precision, ndcg_at
from dailypapers.domain.fusion import fuse_reciprocal_rank, fuse_scores
from dailypapers.domain.query_terms import build_fts5_match, extract_terms, split_words
from dailypapers.search.embedder import DEFAULT_MODEL_DIR, Embedder

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "csfcube"
CACHE = REPO / "build" / "csfcube"
NDCG_DEPTH = 20
RELEVANT_GRADE = 2

Scores = list[tuple[str, float]]


@dataclass(frozen=True)
class Query:
    query_id: str
    paper_id: str
    facet_text: str
    pool: tuple[str, ...]  # judged candidates, sorted by id so ties break the same way every run
    grades: dict[str, int]


@dataclass(frozen=True)
class Collection:
    papers: dict[str, dict[str, object]]
    queries: list[Query]
    folds: dict[str, tuple[set[str], set[str]]]  # fold name -> (dev query ids, test query ids)


def paper_text(paper: dict[str, object]) -> str:
    return f"{paper['title']}. {paper['abstract']}"


def load_collection(data: Path) -> Collection:
    with gzip.open(data / "papers.jsonl.gz", "rt", encoding="utf-8") as lines:
        papers = {str(row["paper_id"]): row for row in map(json.loads, lines)}
    grades: dict[str, dict[str, int]] = {}
    for line in (data / "qrels.trec").read_text().splitlines():
        query_id, _, candidate, grade = line.split()
        grades.setdefault(query_id, {})[candidate] = int(grade)
    queries = []
    for row in map(json.loads, (data / "queries.jsonl").read_text().splitlines()):
        paper_id = str(row["paper_id"])
        judged = {pid: grade for pid, grade in grades[row["query_id"]].items() if pid != paper_id}
        facet_text = " ".join(row["facet_sentences"]) or paper_text(papers[paper_id])
        queries.append(Query(row["query_id"], paper_id, facet_text, tuple(sorted(judged)), judged))
    splits = json.loads((data / "evaluation_splits.json").read_text())["all"]
    folds = {
        "fold1": (set(splits["fold1_dev"]), set(splits["fold1_test"])),
        "fold2": (set(splits["fold2_dev"]), set(splits["fold2_test"])),
    }
    return Collection(papers, queries, folds)


class KeywordLeg:
    """BM25 over an in-memory FTS5 table of the whole collection (so IDF is corpus-wide)."""

    def __init__(self, papers: dict[str, dict[str, object]]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE papers USING fts5(title, abstract, tokenize='porter unicode61')")
        self.ids = list(papers)
        self.db.executemany(
            "INSERT INTO papers(rowid, title, abstract) VALUES (?, ?, ?)",
            [(row, papers[pid]["title"], papers[pid]["abstract"]) for row, pid in enumerate(self.ids, 1)],
        )
        self.rows = {pid: row for row, pid in enumerate(self.ids, 1)}

    def score(self, text: str, pool: Sequence[str], *, title_weight: float, drop_stop_words: bool) -> Scores:
        """Pool members that match any query word, with -bm25 (higher better); the rest are left out."""
        match = match_query(text, drop_stop_words=drop_stop_words)
        if match is None:
            return []
        rows = ",".join(str(self.rows[pid]) for pid in pool)
        found = self.db.execute(
            f"SELECT rowid, bm25(papers, ?, 1.0) FROM papers WHERE papers MATCH ? AND rowid IN ({rows})",
            (title_weight, match),
        )
        return [(self.ids[row - 1], -score) for row, score in found]


def match_query(text: str, *, drop_stop_words: bool) -> str | None:
    """The leg's FTS5 query: every distinct word of `text` ORed, split as search splits it, with no term cap."""
    words = extract_terms(text, limit=sys.maxsize) if drop_stop_words else list(dict.fromkeys(split_words(text)))
    return build_fts5_match(words) if words else None


class DenseLeg:
    """Cosine similarity to whole papers (title + abstract) and to single abstract sentences."""

    def __init__(self, embedder: Embedder, collection: Collection) -> None:
        self.embedder = embedder
        ids = list(collection.papers)
        self.rows = {pid: row for row, pid in enumerate(ids)}
        self.papers = cached_vectors(embedder, "papers", [paper_text(collection.papers[pid]) for pid in ids])
        sentences: list[str] = []
        self.sentence_spans: list[tuple[int, int]] = []  # paper row -> its sentences' rows
        for pid in ids:
            start = len(sentences)
            sentences += [sentence["text"] for sentence in collection.papers[pid]["abstract_sentences"]]  # type: ignore[attr-defined]
            self.sentence_spans.append((start, len(sentences)))
        self.sentences = cached_vectors(embedder, "sentences", sentences)
        self.facet_queries = {query.query_id: embedder.embed_query(query.facet_text) for query in collection.queries}

    def query_vector(self, query: Query, *, whole_paper: bool) -> np.ndarray:
        if whole_paper:
            return self.papers[self.rows[query.paper_id]]
        return self.facet_queries[query.query_id]

    def score(self, vector: np.ndarray, pool: Sequence[str], *, unit: str) -> Scores:
        rows = [self.rows[pid] for pid in pool]
        paper_cosine = self.papers[rows] @ vector
        if unit == "paper":
            return list(zip(pool, paper_cosine.tolist(), strict=True))
        best_sentence = []
        for row in rows:
            start, end = self.sentence_spans[row]
            best_sentence.append(float((self.sentences[start:end] @ vector).max(initial=-1.0)))
        if unit == "sentence":
            return list(zip(pool, best_sentence, strict=True))
        # "paper+sentence": the whole paper's similarity and its closest sentence, averaged.
        mixed = (paper_cosine + np.array(best_sentence)) / 2
        return list(zip(pool, mixed.tolist(), strict=True))


def cached_vectors(embedder: Embedder, name: str, texts: list[str]) -> np.ndarray:
    """Embed once per model: the 4,205 papers take minutes on two cores."""
    safe_id = re.sub(r"[^A-Za-z0-9.-]+", "_", embedder.model_id)
    path = CACHE / f"{safe_id}-{name}-{len(texts)}.npy"
    if path.exists():
        return np.load(path)
    print(f"embedding {len(texts)} {name} (cached in {path.relative_to(REPO)})", file=sys.stderr)
    vectors = embedder.embed_texts(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def order_pool(scores: Scores, pool: Sequence[str]) -> list[str]:
    """Ids by score, best first; pool members no leg returned come last in pool order."""
    ranked = [pid for pid, _ in sorted(scores, key=lambda pair: -pair[1])]
    seen = set(ranked)
    return ranked + [pid for pid in pool if pid not in seen]


@dataclass(frozen=True)
class Config:
    """One way to rank: what each leg does and how the legs are fused."""

    title_weight: float = 2.0
    drop_stop_words: bool = True
    unit: str = "paper"
    method: str = "zscore"  # zscore | minmax | rrf | keyword | dense
    keyword_weight: float = 0.3  # the dense leg gets 1 - keyword_weight
    rrf_k: float = 60.0

    def describe(self) -> str:
        stop_words = "dropped" if self.drop_stop_words else "kept"
        keyword = f"bm25(title {self.title_weight:g}, abstract 1), stop words {stop_words}"
        dense = f"dense per {self.unit}"
        if self.method == "keyword":
            return keyword
        if self.method == "dense":
            return dense
        if self.method == "rrf":
            weights = f"{self.keyword_weight:g}/{1 - self.keyword_weight:g}"
            return f"RRF k={self.rrf_k:g}, weights {weights}, dense per {self.unit}"
        return f"{self.method} {self.keyword_weight:g}·BM25 + {1 - self.keyword_weight:g}·dense per {self.unit}"


class Ranker:
    """Ranks a query's pool under a Config, memoising each leg's scores (the grids ask for them often)."""

    def __init__(self, keyword: KeywordLeg, dense: DenseLeg, *, whole_paper: bool, papers: dict) -> None:
        self.keyword, self.dense, self.whole_paper, self.papers = keyword, dense, whole_paper, papers
        self.memo: dict[tuple[object, ...], Scores] = {}

    def keyword_scores(self, query: Query, config: Config) -> Scores:
        key = ("kw", query.query_id, config.title_weight, config.drop_stop_words)
        if key not in self.memo:
            text = paper_text(self.papers[query.paper_id]) if self.whole_paper else query.facet_text
            self.memo[key] = self.keyword.score(
                text, query.pool, title_weight=config.title_weight, drop_stop_words=config.drop_stop_words
            )
        return self.memo[key]

    def dense_scores(self, query: Query, config: Config) -> Scores:
        key = ("dense", query.query_id, config.unit)
        if key not in self.memo:
            vector = self.dense.query_vector(query, whole_paper=self.whole_paper)
            self.memo[key] = self.dense.score(vector, query.pool, unit=config.unit)
        return self.memo[key]

    def rank(self, query: Query, config: Config) -> list[str]:
        if config.method == "keyword":
            return order_pool(self.keyword_scores(query, config), query.pool)
        if config.method == "dense":
            return order_pool(self.dense_scores(query, config), query.pool)
        legs = [self.keyword_scores(query, config), self.dense_scores(query, config)]
        weights = [config.keyword_weight, 1 - config.keyword_weight]
        if config.method == "rrf":
            return order_pool(fuse_reciprocal_rank(legs, k=config.rrf_k, weights=weights), query.pool)
        return order_pool(fuse_scores(legs, weights=weights, normalisation=config.method), query.pool)  # type: ignore[arg-type]

    def evaluate(self, queries: Sequence[Query], config: Config) -> tuple[float, float]:
        ndcg, ap = [], []
        for query in queries:
            ranked = self.rank(query, config)
            ndcg.append(ndcg_at(ranked, query.grades, k=NDCG_DEPTH))
            ap.append(average_precision(ranked, query.grades, min_grade=RELEVANT_GRADE))
        return float(np.mean(ndcg)), float(np.mean(ap))


def best_of(ranker: Ranker, dev: Sequence[Query], candidates: Sequence[Config]) -> Config:
    """The candidate with the best dev NDCG@20; the first of equals, as grids list simpler choices first."""
    return max(candidates, key=lambda config: round(ranker.evaluate(dev, config)[0], 6))


def tune(ranker: Ranker, dev: Sequence[Query]) -> dict[str, Config]:
    """Each leg alone, then the fusion; nothing here sees the test fold.

    The fusion picks the dense unit again: the unit best alone is not always the best complement to BM25.
    Keyword weights stay within 0.05..0.95 so that the hybrid really mixes both legs.
    """
    keyword = best_of(
        ranker,
        dev,
        [Config(method="keyword", title_weight=w, drop_stop_words=s) for s in (True, False) for w in (1, 2, 3, 5)],
    )
    units = ("paper", "paper+sentence", "sentence")
    dense = best_of(ranker, dev, [Config(method="dense", unit=unit) for unit in units])
    legs = {"title_weight": keyword.title_weight, "drop_stop_words": keyword.drop_stop_words}
    weights = [round(0.05 * step, 2) for step in range(1, 20)]
    score_fusion = [
        Config(method=method, keyword_weight=weight, unit=unit, **legs)
        for method in ("zscore", "minmax")
        for unit in units
        for weight in weights
    ]
    rrf = [
        Config(method="rrf", rrf_k=k, keyword_weight=weight, unit=unit, **legs)
        for k in (60, 30, 10)
        for unit in units
        for weight in weights
    ]
    return {
        "keyword": keyword,
        "dense": dense,
        "rrf": best_of(ranker, dev, rrf),
        "hybrid": best_of(ranker, dev, score_fusion),
        # What a product storing one vector per paper can run.
        "hybrid, paper vectors": best_of(ranker, dev, [c for c in score_fusion if c.unit == "paper"]),
    }


BASELINES = {
    "keyword (untuned)": Config(method="keyword"),
    "dense (untuned)": Config(method="dense"),
    "RRF k=60 (untuned)": Config(method="rrf", keyword_weight=0.5),
    "zscore 0.3/0.7 (untuned)": Config(method="zscore", keyword_weight=0.3),
}


def report(ranker: Ranker, collection: Collection, title: str, print_row: Callable[..., None]) -> None:
    by_id = {query.query_id: query for query in collection.queries}
    dev_ids, test_ids = collection.folds["fold1"]
    dev = [by_id[qid] for qid in sorted(dev_ids)]
    test = [by_id[qid] for qid in sorted(test_ids)]
    tuned = tune(ranker, dev)
    # 2-fold: each query is ranked with the choices tuned on the other fold, so all 50 are held out.
    crossed = {name: [] for name in tuned}
    for fold in ("fold1", "fold2"):
        fold_dev, fold_test = collection.folds[fold]
        fold_tuned = tune(ranker, [by_id[qid] for qid in sorted(fold_dev)])
        for name, config in fold_tuned.items():
            crossed[name] += [ranker.evaluate([by_id[qid]], config)[0] for qid in sorted(fold_test)]
    print(f"\n{title}")
    print_row("ranking", "NDCG@20 all", "MAP all", "NDCG@20 test", "MAP test", "NDCG@20 2-fold", "choice (dev)")
    for name, config in BASELINES.items():
        print_row(
            name,
            *ranker.evaluate(collection.queries, config),
            *ranker.evaluate(test, config),
            None,
            config.describe(),
        )
    for name, config in tuned.items():
        print_row(
            f"{name} (tuned)",
            *ranker.evaluate(collection.queries, config),
            *ranker.evaluate(test, config),
            float(np.mean(crossed[name])),
            config.describe() if name != "dense" else f"per {config.unit}",
        )
    # 50 queries leave wide error bars: does the hybrid lead each leg by more than its standard error?
    for leg in ("keyword", "dense"):
        lead = np.array(crossed["hybrid"]) - np.array(crossed[leg])
        standard_error = lead.std(ddof=1) / np.sqrt(len(lead))
        print(f"hybrid minus {leg}, 2-fold, per query: {lead.mean():+.3f} ± {standard_error:.3f} (SE)")


def print_row(name: str, *cells: object) -> None:
    shown = [f"{cell:.3f}" if isinstance(cell, float) else ("—" if cell is None else str(cell)) for cell in cells]
    print(f"| {name} | " + " | ".join(shown) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR)
    args = parser.parse_args()
    if not (args.data / "qrels.trec").exists():
        print(f"skipped: CSFCube not found at {args.data}")
        return
    collection = load_collection(args.data)
    embedder = Embedder(args.model_dir)
    keyword = KeywordLeg(collection.papers)
    dense = DenseLeg(embedder, collection)
    sizes = f"{len(collection.queries)} queries, {len(collection.papers)} papers"
    print(f"CSFCube: {sizes}; model {embedder.model_id}")
    for whole_paper, title in (
        (False, "Facet sentences as query"),
        (True, "Whole paper (title + abstract) as query"),
    ):
        ranker = Ranker(keyword, dense, whole_paper=whole_paper, papers=collection.papers)
        report(ranker, collection, title, print_row)


if __name__ == "__main__":
    main()
