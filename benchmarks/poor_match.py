"""Calibrating "no paper matched these words well": real queries against nonsense and random words, and "did
you mean" on misspelt titles.

    .venv/bin/python -m benchmarks.poor_match [--queries 300] [--csfcube DIR] [--postgres URL] [--scale FILE]

On the shipped demo corpus with its shipped vectors, as benchmarks/known_item.py loads it. Each query goes through
`search_papers` (hybrid) once and its two signals are kept: the largest share of its words one of the keyword
leg's ten best papers holds, and the nearest paper's cosine similarity. Then, for candidate thresholds, the share
of each set that a rule flags as a poor match. Sets:
- typed titles: the first 3 to 12 words of demo papers' titles (known_item's), the paper being in the corpus;
- CSFCube titles: the 50 query papers' titles of CSFCube (real computer-science queries the corpus may not answer);
- nonsense: one to three strings of 3 to 8 random letters;
- random words: two to four words drawn at random from the demo titles' words (each word is in the corpus, the
  combination means nothing);
- misspelt titles: typed titles with one edit (a deletion, a swap of neighbours, a doubled or dropped letter) in
  each word of five letters or more, for how often the suggestion gives back the title's words.
--scale FILE also imports that arXiv file (e.g. ../shared/data/arxiv-cs/arxiv_cs_2025-03_2026-07.jsonl.gz) into a
fresh SQLite database and times the spelling dictionary's build there.
"""

from __future__ import annotations

import argparse
import gzip
import json
import string
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import dailypapers.services.search as search_service
from benchmarks.databases import fresh_database
from benchmarks.known_item import DEMO, typed_titles
from dailypapers.db.engine import Database
from dailypapers.domain.match_quality import MIN_COSINE, MIN_TERM_COVERAGE, MatchSignals, is_poor_match
from dailypapers.domain.query_terms import STOP_WORDS, split_words
from dailypapers.domain.search import SearchRequest
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.spelling import SpellingDictionary
from dailypapers.services.embedding_files import load_embeddings
from dailypapers.services.imports import import_file
from dailypapers.services.search import search_papers

CSFCUBE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "csfcube"
COVERAGES = (0.5, 0.67, 1.0)
COSINES = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55)


@dataclass(frozen=True, slots=True)
class Outcome:
    signals: MatchSignals
    suggestion: str | None


def nonsense(count: int, rng: np.random.Generator) -> list[str]:
    letters = list(string.ascii_lowercase)
    return [
        " ".join("".join(rng.choice(letters, size=int(rng.integers(3, 9)))) for _ in range(int(rng.integers(1, 4))))
        for _ in range(count)
    ]


def random_words(count: int, rng: np.random.Generator, titles: list[str]) -> list[str]:
    vocabulary = sorted({word for title in titles for word in split_words(title) if word.isalpha()} - STOP_WORDS)
    return [" ".join(rng.choice(vocabulary, size=int(rng.integers(2, 5)), replace=False)) for _ in range(count)]


def misspell(text: str, rng: np.random.Generator) -> str:
    words = []
    for word in split_words(text):
        if len(word) >= 5 and word.isalpha():
            at = int(rng.integers(1, len(word) - 1))
            kind = int(rng.integers(0, 3))
            if kind == 0:
                word = word[:at] + word[at + 1 :]
            elif kind == 1:
                word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            else:
                word = word[:at] + word[at] + word[at:]
        words.append(word)
    return " ".join(words)


def csfcube_titles(data: Path) -> list[str]:
    if not data.exists():
        return []
    with gzip.open(data / "papers.jsonl.gz", "rt") as lines:
        titles = {row["paper_id"]: row["title"] for row in map(json.loads, lines)}
    with (data / "queries.jsonl").open() as lines:
        paper_ids = dict.fromkeys(json.loads(line)["paper_id"] for line in lines)
    return [titles[paper_id] for paper_id in paper_ids]


def measure(db: Database, indexes: SearchIndexes, queries: list[str]) -> list[Outcome | None]:
    """Each query's signals; None for a query of more words than typed queries have (it gets no report)."""
    outcomes: list[Outcome | None] = []
    for query in queries:
        match = search_papers(db, indexes, SearchRequest(query, limit=20)).match
        outcomes.append(Outcome(match.signals, match.suggestion) if match is not None else None)
    return outcomes


def judged(outcomes: list[Outcome | None]) -> list[Outcome]:
    return [outcome for outcome in outcomes if outcome is not None]


def flagged(outcomes: list[Outcome], rule: Callable[[MatchSignals], bool | None]) -> float:
    return sum(bool(rule(outcome.signals)) for outcome in outcomes) / len(outcomes)


def report_rates(name: str, sets: dict[str, list[Outcome]]) -> None:
    names = list(sets)
    print(f"[{name}] share flagged as a poor match, per rule (poor = every signal below its threshold):")
    print(f"[{name}]   {'rule':34}" + "".join(f"{set_name:>18}" for set_name in names))
    rules: list[tuple[str, Callable[[MatchSignals], bool | None]]] = []
    for coverage in COVERAGES:
        rules.append((f"keyword alone: coverage < {coverage}", _rule(coverage, None)))
    for cosine in COSINES:
        rules.append((f"semantic alone: cosine < {cosine}", _rule(None, cosine)))
    for coverage in COVERAGES:
        for cosine in COSINES:
            rules.append((f"hybrid: coverage < {coverage}, cos < {cosine}", _rule(coverage, cosine)))
    for label, rule in rules:
        chosen = " *" if label == f"hybrid: coverage < {MIN_TERM_COVERAGE}, cos < {MIN_COSINE}" else ""
        print(f"[{name}]   {label + chosen:34}" + "".join(f"{flagged(sets[s], rule):18.1%}" for s in names))
    for set_name, outcomes in sets.items():
        coverage = [o.signals.term_coverage or 0.0 for o in outcomes]
        cosine = [o.signals.best_cosine or 0.0 for o in outcomes]
        print(
            f"[{name}]   {set_name}: median coverage {np.median(coverage):.2f}, median best cosine "
            f"{np.median(cosine):.3f} (10th-90th percentile {np.percentile(cosine, 10):.3f}-"
            f"{np.percentile(cosine, 90):.3f})"
        )


def _rule(coverage: float | None, cosine: float | None) -> Callable[[MatchSignals], bool | None]:
    def rule(signals: MatchSignals) -> bool | None:
        kept = MatchSignals(
            term_coverage=signals.term_coverage if coverage is not None else None,
            best_cosine=signals.best_cosine if cosine is not None else None,
        )
        return is_poor_match(kept, min_coverage=coverage or 0.0, min_cosine=cosine or 0.0)

    return rule


def report_suggestions(name: str, typed: list[str], misspelt: list[str], outcomes: list[Outcome | None]) -> None:
    pairs = [(t, m, o) for t, m, o in zip(typed, misspelt, outcomes, strict=True) if o is not None]
    offered = sum(bool(o.suggestion) for _, _, o in pairs)
    restored = sum(o.suggestion == " ".join(split_words(t)) for t, _, o in pairs)
    changed = sum(m != " ".join(split_words(t)) for t, m, _ in pairs)
    print(
        f"[{name}] misspelt titles ({changed} of {len(pairs)} with a misspelt word): a suggestion for "
        f"{offered / len(pairs):.1%}, the title's own words given back for {restored / len(pairs):.1%}"
    )


def run(name: str, url: str, workdir: Path, queries: int, *, csfcube: Path, scale: Path | None) -> None:
    rng = np.random.default_rng(7)
    db = fresh_database(url)
    for path in sorted(DEMO.glob("*.jsonl.gz")):
        import_file(db, path=path)
    indexes = SearchIndexes.open(model_dir=None, data_dir=workdir / name)
    load_embeddings(db, indexes, path=DEMO / "embeddings.npz")
    with db.reading() as connection:
        indexes.vectors.refresh(connection)
    times_dictionary(name, db, indexes.spelling)
    typed = [text for text, _ in typed_titles(queries, np.random.default_rng(3))["typed titles"]]
    misspelt = [misspell(text, rng) for text in typed]
    measured = {
        "typed titles": measure(db, indexes, typed),
        "CSFCube titles": measure(db, indexes, csfcube_titles(csfcube)),
        "nonsense": measure(db, indexes, nonsense(queries, rng)),
        "random words": measure(db, indexes, random_words(queries, rng, typed_titles_all())),
    }
    typo_outcomes = measure(db, indexes, misspelt)
    for set_name, outcomes in {**measured, "misspelt titles": typo_outcomes}.items():
        print(f"[{name}] {set_name}: {len(judged(outcomes))} of {len(outcomes)} queries typed-length, judged")
    sets = {set_name: judged(outcomes) for set_name, outcomes in measured.items() if outcomes}
    report_rates(name, {**sets, "misspelt titles": judged(typo_outcomes)})
    report_suggestions(name, typed, misspelt, typo_outcomes)
    false = sum(bool(o.suggestion) for o in sets["typed titles"])
    print(f"[{name}] a suggestion for {false} of {len(sets['typed titles'])} correctly typed titles")
    times_report(name, db, indexes, {"typed titles": typed[:100], "misspelt titles": misspelt[:100]})
    for example in ("zxqvbnm qqqq", "difusion vidoe genration"):
        match = search_papers(db, indexes, SearchRequest(example)).match
        print(f"[{name}] {example!r}: {match}")
    db.dispose()
    if scale is not None:
        big = fresh_database(f"sqlite:///{workdir}/scale.sqlite3")
        started = time.perf_counter()
        import_file(big, path=scale)
        print(f"[scale] imported {scale.name} in {time.perf_counter() - started:.0f} s")
        times_dictionary("scale", big, SpellingDictionary())
        big.dispose()


def times_report(name: str, db: Database, indexes: SearchIndexes, sets: dict[str, list[str]]) -> None:
    """What the report adds to a hybrid search: the same queries with and without it, in this process."""
    chosen = search_service.assess_match

    def median_ms(queries: list[str]) -> float:
        seconds = []
        for query in queries:
            started = time.perf_counter()
            search_papers(db, indexes, SearchRequest(query, limit=20))
            seconds.append(time.perf_counter() - started)
        return float(np.median(seconds)) * 1000

    for set_name, queries in sets.items():
        median_ms(queries[:10])  # warm caches
        with_report = median_ms(queries)
        try:
            search_service.assess_match = lambda *args, **kwargs: None
            without = median_ms(queries)
        finally:
            search_service.assess_match = chosen
        print(
            f"[{name}] {set_name}: hybrid search {with_report:.1f} ms with the report, {without:.1f} ms without "
            f"(median of {len(queries)}; ×{with_report / without:.2f})"
        )


def times_dictionary(name: str, db: Database, spelling: SpellingDictionary, runs: int = 3) -> None:
    seconds = []
    for _ in range(runs):
        with db.reading() as connection:
            report = spelling.build(connection)
        seconds.append(report.seconds)
    print(
        f"[{name}] spelling dictionary: {report.words:,} words from {report.papers:,} papers, built in "
        f"{np.median(seconds):.2f} s (median of {runs})"
    )


def typed_titles_all() -> list[str]:
    with gzip.open(DEMO / "arxiv_cs_demo_10k_contiguous.jsonl.gz", "rt") as lines:
        return [json.loads(line)["title"] for line in lines]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--postgres", help="also measure this PostgreSQL database (it is emptied)")
    parser.add_argument("--csfcube", type=Path, default=CSFCUBE, help="CSFCube's folder (skipped when absent)")
    parser.add_argument("--scale", type=Path, help="an arXiv JSONL file to time the dictionary's build on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        run(
            "sqlite",
            f"sqlite:///{directory}/poor.sqlite3",
            Path(directory),
            args.queries,
            csfcube=args.csfcube,
            scale=args.scale,
        )
        if args.postgres:
            run("postgresql", args.postgres, Path(directory), args.queries, csfcube=args.csfcube, scale=None)


if __name__ == "__main__":
    sys.exit(main())
