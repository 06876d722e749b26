"""Embedder speed: model load time, abstracts per second, and single-query latency, on the 500-paper fixture.

Usage: .venv/bin/python benchmarks/embedder_speed.py [--runs 3] [--threads 2] [--model-dir DIR]

A web worker runs the model on one thread per call (`--threads 1`), the indexer on two (the default).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from dailypapers.search.embedder import DEFAULT_MODEL_DIR, Embedder

REPO = Path(__file__).resolve().parent.parent
PAPERS = REPO / "tests" / "fixtures" / "arxiv_cs_fixture_500.jsonl"
REFERENCE = REPO / "tests" / "fixtures" / "reference_embeddings.npz"


def read_papers() -> list[dict[str, str]]:
    with PAPERS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def time_call(call: Callable[[], object], *, runs: int) -> float:
    """Median seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR)
    args = parser.parse_args()

    load_s = time_call(lambda: Embedder(args.model_dir, threads=args.threads), runs=args.runs)
    embedder = Embedder(args.model_dir, threads=args.threads)
    papers = read_papers()
    abstracts = [f"{paper['title']}. {paper['abstract']}" for paper in papers]
    titles = [paper["title"] for paper in papers]
    embedder.embed_texts(abstracts[:32])  # warm-up

    sorted_s = time_call(lambda: embedder.embed_texts(abstracts), runs=args.runs)
    # Batches in file order, as a caller that does not group by length would get them.
    unsorted_s = time_call(
        lambda: [embedder.embed_texts(abstracts[i : i + 32]) for i in range(0, len(abstracts), 32)],
        runs=args.runs,
    )
    titles_s = time_call(lambda: embedder.embed_texts(titles), runs=args.runs)
    latencies = []
    cpu_started = time.process_time()
    for title in titles[:200]:
        started = time.perf_counter()
        embedder.embed_query(title)
        latencies.append(time.perf_counter() - started)
    # Every thread's CPU: what a query costs a busy server, where the model's second thread takes a core from
    # another request.
    query_cpu_s = (time.process_time() - cpu_started) / len(latencies)

    print(f"model {embedder.model_id}, threads {args.threads or 'default'}, median of {args.runs} runs")
    # Other work on the machine slows every figure below; the load average says how busy it was.
    print("load average (1, 5, 15 min): " + ", ".join(f"{load:.1f}" for load in os.getloadavg()))
    print(f"load (sha256 check + session)        {load_s * 1000:8.0f} ms")
    print(f"{len(abstracts)} abstracts, batch 32         {len(abstracts) / sorted_s:8.1f} /s")
    print(f"  same, batches in file order         {len(abstracts) / unsorted_s:8.1f} /s")
    print(f"{len(titles)} titles, batch 32            {len(titles) / titles_s:8.1f} /s")
    print(
        f"one query (a title): p50 {np.percentile(latencies, 50) * 1000:.2f} ms, "
        f"p95 {np.percentile(latencies, 95) * 1000:.2f} ms, CPU {query_cpu_s * 1000:.2f} ms"
    )
    if args.model_dir == DEFAULT_MODEL_DIR:
        with np.load(REFERENCE) as reference:
            papers_mask = reference["kinds"] == "paper"
            texts = [str(text) for text in reference["texts"][papers_mask]]
            cosine = (embedder.embed_texts(texts) * reference["embeddings"][papers_mask]).sum(axis=1)
        print(f"cosine to fp32: {len(texts)} abstracts: min {cosine.min():.4f}, mean {cosine.mean():.4f}")


if __name__ == "__main__":
    main()
