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

from benchmarks.synthetic import arxiv_rows
from dailypapers.domain.search import embedding_text
from dailypapers.search.embedder import Embedder

ARXIV = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "arxiv-cs" / "arxiv_cs_2025-03_2026-07.jsonl.gz"
)
CHUNK = 2500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("/tmp/search-vectors"))
    args = parser.parse_args()
    if not ARXIV.exists():
        print(f"skipped: {ARXIV} is absent")
        return
    rows = arxiv_rows(ARXIV)
    texts = [embedding_text(title=str(row["title"]), abstract=str(row["abstract"])) for row in rows]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ids.json").write_text(json.dumps([row["id"] for row in rows]))
    embedder = Embedder()
    (args.out / "model_id.txt").write_text(embedder.model_id)
    started = time.perf_counter()
    for start in range(0, len(texts), CHUNK):
        path = args.out / f"chunk_{start:06d}.npy"
        if path.exists():
            continue
        np.save(path, embedder.embed_texts(texts[start : start + CHUNK]))
        done = min(start + CHUNK, len(texts))
        print(f"{done:,}/{len(texts):,} in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
