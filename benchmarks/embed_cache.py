"""Embed the 75k arXiv file once with the shipped embedder, into a resumable cache of .npy chunks.

    .venv/bin/python -m benchmarks.embed_cache [--out /tmp/search-vectors] [--seed data/demo/embeddings.npz]

About 35 minutes on two idle cores (35 abstracts/s). `--seed` first copies in the vectors an exported embeddings
file holds for papers of the 75k file (the shipped demo file has 13,521 of them), then embeds the rest;
`--seed-only` stops there, leaving the speed benchmark to put stand-ins in place of the others. The speed benchmarks
read the cache instead of embedding again; the text is the product's ("title. abstract"), so the vectors are what
`dailypapers index` would store.
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
    parser.add_argument("--seed", type=Path, help="an embeddings file (`dailypapers index --export`) to copy from")
    parser.add_argument("--seed-only", action="store_true", help="copy from --seed and embed nothing")
    args = parser.parse_args()
    if not ARXIV.exists():
        print(f"skipped: {ARXIV} is absent")
        return
    rows = arxiv_rows(ARXIV)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ids.json").write_text(json.dumps([row["id"] for row in rows]))
    embedder = Embedder()
    if args.seed:
        print(f"seeded {seed_cache(args.out, seed=args.seed, rows=rows, model_id=embedder.model_id):,} vectors")
        if args.seed_only:
            return
    done = set(cached_ids(args.out))
    first = set(json.loads(args.first.read_text())) if args.first else set()
    todo = sorted((row for row in rows if row["id"] not in done), key=lambda row: row["id"] not in first)
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


def seed_cache(out: Path, *, seed: Path, rows: list[dict[str, object]], model_id: str) -> int:
    """Copy the seed file's vectors of papers in `rows` not cached yet into a new part; returns how many."""
    with np.load(seed, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        if meta["model_id"] != model_id:
            raise SystemExit(f"{seed} holds vectors of {meta['model_id']!r}, not of {model_id!r}")
        wanted = {str(row["id"]) for row in rows} - set(cached_ids(out))
        keep = [index for index, arxiv_id in enumerate(data["arxiv_ids"].tolist()) if arxiv_id in wanted]
        ids = [str(data["arxiv_ids"][index]) for index in keep]
        vectors = data["vectors"][keep].astype(np.float32)
    if not ids:
        return 0
    part = len(list(out.glob("part_*.npy")))
    np.save(out / f"part_{part:04d}.npy", vectors)
    (out / f"part_{part:04d}.json").write_text(json.dumps(ids))
    (out / "model_id.txt").write_text(model_id)
    return len(ids)


if __name__ == "__main__":
    sys.exit(main())
