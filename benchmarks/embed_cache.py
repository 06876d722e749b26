"""Embed the 75k arXiv file once with the shipped embedder, into a resumable cache of .npy chunks.

    .venv/bin/python benchmarks/embed_cache.py [--out /tmp/search-vectors]

About 35 minutes on two idle cores (35 abstracts/s). The speed benchmarks read the cache instead of embedding
again; the text is the product's ("title. abstract"), so the vectors are what `dailypapers index` would store.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.synthetic import arxiv_rows, cached_ids
from dailypapers.domain.search import embedding_text
from dailypapers.search.embedder import Embedder

ARXIV = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "arxiv-cs" / "arxiv_cs_2025-03_2026-07.jsonl.gz"
)
CHUNK = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("/tmp/search-vectors"))
    parser.add_argument("--first", type=Path, help="a JSON list of arXiv ids to embed before the others")
    args = parser.parse_args()
    if not ARXIV.exists():
        print(f"skipped: {ARXIV} is absent")
        return
    rows = arxiv_rows(ARXIV)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ids.json").write_text(json.dumps([row["id"] for row in rows]))
    done = set(cached_ids(args.out))
    first = set(json.loads(args.first.read_text())) if args.first else set()
    todo = sorted((row for row in rows if row["id"] not in done), key=lambda row: row["id"] not in first)
    embedder = Embedder()
    (args.out / "model_id.txt").write_text(embedder.model_id)
    started = time.perf_counter()
    part = len(list(args.out.glob("part_*.npy")))
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        texts = [embedding_text(title=str(row["title"]), abstract=str(row["abstract"])) for row in chunk]
        np.save(args.out / f"part_{part:04d}.npy", embedder.embed_texts(texts))
        (args.out / f"part_{part:04d}.json").write_text(json.dumps([row["id"] for row in chunk]))
        part += 1
        print(f"{len(done) + start + len(chunk):,}/{len(rows):,} in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
