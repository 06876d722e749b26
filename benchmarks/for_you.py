"""How well "For you" ranks, and how fast, on the shipped data.

    .venv/bin/python -m benchmarks.for_you quality [--earlier-only] [--postgres URL]
    .venv/bin/python -m benchmarks.for_you speed [--papers 75000] [--signals 200] [--runs 30]

quality: the shipped Hugging Face Daily Papers archive and its shipped vectors. Each submitter with at least three
submissions is a member whose profile is their other submissions (as upvotes; with --earlier-only, only those of
earlier days); each of their submissions in turn is held out and ranked among the papers of the day it was listed
(about 17), through the product's own `rank_member`, the profile's own papers of that day left out as the product
leaves them out. Printed: recall@10, recall@3 and MRR of the held-out paper, against the embeddings alone, the
shared words alone and a random order; over every held-out paper, and without the one submitter who submitted
over a thousand (a curator whose profile is the whole field). Protocol and figures: docs/for-you.md.

speed: `--papers` papers published over 480 days (the real 75k arXiv rows' titles and abstracts when
../shared/data is there, each with a random unit vector standing in for its embedding), a member with `--signals`
upvotes, and the median time of `get_for_you` over the last 30 days of every indexed paper and of the daily lists,
with the papers' vectors read from the in-process vector index (as a web worker does) and from the database.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

from benchmarks.databases import fresh_database
from dailypapers.db.schema import daily_entries, paper_embeddings, papers, users, votes
from dailypapers.domain.for_you import (
    Candidates,
    MemberSignals,
    PaperSignal,
    SignalKind,
    keyword_scores,
    measure_nearness,
    paper_words,
)
from dailypapers.domain.periods import parse_month
from dailypapers.domain.search import SearchFilters
from dailypapers.search.candidates import load_candidates
from dailypapers.search.embeddings import take_sequence_numbers, vector_bytes
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.daily import get_daily_list
from dailypapers.services.embedding_files import load_embeddings
from dailypapers.services.for_you import ForYouRequest, RankingContext, build_profile, get_for_you, rank_member
from dailypapers.services.imports import import_file

ROOT = Path(__file__).resolve().parent.parent
HF = ROOT / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz"
EMBEDDINGS = ROOT / "data" / "demo" / "embeddings.npz"
ARXIV_75K = ROOT.parent.parent / "shared" / "data" / "arxiv-cs" / "arxiv_cs_2025-03_2026-07.jsonl.gz"
MIN_SUBMISSIONS = 3
CURATOR_SUBMISSIONS = 500

Scorer = Callable[[MemberSignals, Candidates], list[int]]  # the candidates' paper ids, best first


def quality(url: str, workdir: Path, *, earlier_only: bool) -> None:
    db = fresh_database(url)
    import_file(db, path=HF)
    indexes = SearchIndexes.open(model_dir=None, data_dir=workdir)
    report = load_embeddings(db, indexes, path=EMBEDDINGS)
    with gzip.open(HF, "rt") as lines:
        rows = [json.loads(line) for line in lines]
    with db.reading() as connection:
        ids = {arxiv_id: paper_id for arxiv_id, paper_id in connection.execute(select(papers.c.arxiv_id, papers.c.id))}
    submitted: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        if row.get("submitted_by") and row["arxiv_id"] in ids:
            submitted[row["submitted_by"]].append((row["daily_date"], ids[row["arxiv_id"]]))
    members = {name: items for name, items in submitted.items() if len(items) >= MIN_SUBMISSIONS}
    print(f"{report.loaded:,} vectors; {len(members)} submitters with {MIN_SUBMISSIONS}+ submissions")
    context = RankingContext(model=indexes.model, filters=SearchFilters())
    rng = random.Random(7)
    scorers: dict[str, Scorer] = {}
    with db.reading() as connection:

        def product(signals: MemberSignals, candidates: Candidates) -> list[int]:
            ranking = rank_member(connection, context, signals=signals, candidates=candidates)
            return [item.paper_id for item in ranking.best]

        def embeddings_alone(signals: MemberSignals, candidates: Candidates) -> list[int]:
            nearness = measure_nearness(build_profile(connection, context, signals), candidates)
            order = np.argsort(-nearness.scores, kind="stable")
            return [candidates.paper_ids[int(i)] for i in order]

        words: dict[int, frozenset[str]] = {}

        def words_of(paper_id: int) -> frozenset[str]:
            if paper_id not in words:
                row = connection.execute(select(papers.c.title, papers.c.abstract).where(papers.c.id == paper_id)).one()
                words[paper_id] = paper_words(f"{row[0]}\n{row[1]}")
            return words[paper_id]

        def words_alone(signals: MemberSignals, candidates: Candidates) -> list[int]:
            own = [words_of(signal.paper_id) for signal in signals.papers[:50]]
            scores = keyword_scores(own, [words_of(i) for i in candidates.paper_ids])
            return [i for _, i in sorted(zip(scores, candidates.paper_ids, strict=True), key=lambda p: -p[0])]

        def random_order(signals: MemberSignals, candidates: Candidates) -> list[int]:
            order = list(candidates.paper_ids)
            rng.shuffle(order)
            return order

        scorers = {
            "For you": product,
            "embeddings alone": embeddings_alone,
            "shared words alone": words_alone,
            "random": random_order,
        }
        days: dict[str, Candidates] = {}
        results: dict[str, dict[str, list[tuple[float, float, float]]]] = {
            name: {"all": [], "without curator": []} for name in scorers
        }
        started = time.perf_counter()
        for items in members.values():
            curator = len(items) > CURATOR_SUBMISSIONS
            for day, held_out in items:
                others = [(d, p) for d, p in items if p != held_out and (not earlier_only or d < day)]
                if not others:
                    continue
                others.sort(reverse=True)  # newest first, as the store lists them
                signals = MemberSignals(papers=tuple(PaperSignal(p, "", SignalKind.UPVOTED) for _, p in others))
                if day not in days:
                    listed = date.fromisoformat(day)
                    filters = SearchFilters(listed_from=listed, listed_until=listed + timedelta(days=1))
                    days[day] = load_candidates(
                        connection, filters=filters, model_id=indexes.model.model_id, dimension=indexes.model.dimension
                    )
                candidates = days[day]
                own = signals.excluded - {held_out}
                kept = [i for i, paper_id in enumerate(candidates.paper_ids) if paper_id not in own]
                day_candidates = Candidates([candidates.paper_ids[i] for i in kept], candidates.vectors[kept])
                if len(day_candidates.paper_ids) < 5 or held_out not in day_candidates.paper_ids:
                    continue  # a list too short to rank, or a paper the import put on another day
                for name, scorer in scorers.items():
                    ranked = [i for i in scorer(signals, day_candidates) if i not in own]
                    # A ranking that leaves the paper out (a profile with no embedded paper) ranks it last.
                    rank = ranked.index(held_out) + 1 if held_out in ranked else len(day_candidates.paper_ids)
                    measured = (float(rank <= 10), float(rank <= 3), 1.0 / rank)
                    results[name]["all"].append(measured)
                    if not curator:
                        results[name]["without curator"].append(measured)
    elapsed = time.perf_counter() - started
    print(f"profile: {'earlier submissions only' if earlier_only else 'every other submission'}; {elapsed:.0f} s")
    for subset in ("all", "without curator"):
        print(f"  {subset} ({len(results['random'][subset])} held-out papers)")
        for name, measured in results.items():
            values = np.array(measured[subset])
            recall10, recall3, mrr = values.mean(axis=0)
            print(f"    {name:20} recall@10 {recall10:.3f}  recall@3 {recall3:.3f}  MRR {mrr:.3f}")
    db.dispose()


def speed(url: str, *, count: int, signal_count: int, runs: int) -> None:
    db = fresh_database(url)
    rng = np.random.default_rng(11)
    texts = _texts(count)
    now = datetime(2026, 7, 1, 12, tzinfo=UTC)
    started = time.perf_counter()
    with db.transaction() as connection:
        rows = [
            {
                "arxiv_id": f"2{i:09d}",
                "title": title,
                "abstract": abstract,
                "published_at": now - timedelta(days=480 * i / count),
                "created_at": now,
                "updated_at": now,
            }
            for i, (title, abstract) in enumerate(texts)
        ]
        connection.execute(insert(papers), rows)
        paper_ids = list(connection.execute(select(papers.c.id).order_by(papers.c.id)).scalars())
        vectors = rng.standard_normal((count, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        connection.execute(
            insert(paper_embeddings),
            [
                {
                    "paper_id": paper_id,
                    "model_id": _model_id(),
                    "content_hash": "-",
                    "vector": vector_bytes(vectors[i]),
                    "sequence": i + 1,
                    "embedded_at": now,
                }
                for i, paper_id in enumerate(paper_ids)
            ],
        )
        take_sequence_numbers(connection, count=count)  # as save_embeddings does: the vector index reads up to it
        # About eleven papers a day on the daily lists, as on Hugging Face's.
        step = max(1, count // (480 * 11))
        listed = list(range(0, count, step))
        connection.execute(
            insert(daily_entries),
            [{"day": rows[i]["published_at"].date(), "paper_id": paper_ids[i], "added_at": now} for i in listed],
        )
        user_id = connection.execute(
            insert(users)
            .values(email="m@example.org", username="m", created_at=now, updated_at=now)
            .returning(users.c.id)
        ).scalar_one()
        liked = rng.choice(len(paper_ids), size=signal_count, replace=False)
        connection.execute(
            insert(votes), [{"paper_id": paper_ids[int(i)], "user_id": user_id, "created_at": now} for i in liked]
        )
    print(
        f"{count:,} papers, {len(listed):,} on daily lists, {signal_count} upvotes: set up in "
        f"{time.perf_counter() - started:.0f} s"
    )
    indexes = SearchIndexes.open(model_dir=None, data_dir=Path(tempfile.mkdtemp()))
    started = time.perf_counter()
    with db.reading() as connection:
        indexes.vectors.refresh(connection)
    print(
        f"  in-process vector index ({indexes.vectors.kind}, {len(indexes.vectors):,} vectors) built in "
        f"{time.perf_counter() - started:.0f} s, as a web worker does at start"
    )
    # The baseline, in the same process: the month's daily list, 50 cards, as the month page asks for it.
    month = parse_month(f"{now:%Y-%m}")
    baseline = []
    for _ in range(runs):
        started = time.perf_counter()
        get_daily_list(db, period=month, sort="upvotes", offset=0, limit=50)
        baseline.append(time.perf_counter() - started)
    base = statistics.median(baseline)
    print(f"  baseline, the month's daily list (50 cards): p50 {base * 1000:.1f} ms")
    # The product reads the window's vectors from the in-process index; reading them from the database (as where
    # the pgvector mirror replaces that index) is timed in the same loop, turn about.
    sources = {"index": indexes.vectors, "database": None}
    for daily_only in (True, False):
        request = ForYouRequest(daily_only=daily_only, limit=50)
        paper_words.cache_clear()
        started = time.perf_counter()
        get_for_you(db, indexes.model, user_id=user_id, request=request, today=now.date(), vectors=indexes.vectors)
        first = (time.perf_counter() - started) * 1000
        print(f"  daily_only={daily_only}: first request (no words cached) {first:.1f} ms")
        times: dict[str, list[float]] = {source: [] for source in sources}
        for _ in range(runs):
            for source, vectors in sources.items():
                started = time.perf_counter()
                page = get_for_you(
                    db, indexes.model, user_id=user_id, request=request, today=now.date(), vectors=vectors
                )
                times[source].append(time.perf_counter() - started)
        for source, measured in times.items():
            p50 = statistics.median(measured)
            print(
                f"  daily_only={daily_only}, vectors from the {source}: p50 {p50 * 1000:.1f} ms "
                f"({p50 / base:.1f}x the baseline), max {max(measured) * 1000:.1f} ms "
                f"({len(page.items)} items on the first page)"
            )
    db.dispose()


def _texts(count: int) -> list[tuple[str, str]]:
    if ARXIV_75K.exists():
        with gzip.open(ARXIV_75K, "rt") as lines:
            real = [json.loads(line) for line in lines]
        return [(str(real[i % len(real)]["title"]), str(real[i % len(real)]["abstract"])) for i in range(count)]
    return [(f"Paper {i}", f"An abstract about topic {i % 97} and method {i % 13}.") for i in range(count)]


def _model_id() -> str:
    return SearchIndexes.open(model_dir=None, data_dir=Path(tempfile.gettempdir())).model.model_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["quality", "speed"])
    parser.add_argument("--earlier-only", action="store_true")
    parser.add_argument("--postgres", help="run on this PostgreSQL database instead of SQLite (it is emptied)")
    parser.add_argument("--papers", type=int, default=75_000)
    parser.add_argument("--signals", type=int, default=200)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = args.postgres or f"sqlite:///{directory}/for_you.sqlite3"
        if args.what == "quality":
            quality(url, Path(directory), earlier_only=args.earlier_only)
        else:
            speed(url, count=args.papers, signal_count=args.signals, runs=args.runs)


if __name__ == "__main__":
    sys.exit(main())
