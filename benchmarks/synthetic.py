"""Benchmark data: the 75k arXiv rows, the embedding cache beside them, and synthetic papers built from both."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import numpy as np

NOISE = 0.02
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def arxiv_rows(path: Path) -> list[dict[str, object]]:
    with gzip.open(path, "rt") as lines:
        return [json.loads(line) for line in lines]


def load_vector_cache(directory: Path, *, partial: bool = False) -> tuple[list[str], np.ndarray]:
    """The ids and float32 vectors `embed_cache.py` wrote, in file order; with `partial`, the chunks written so
    far (the vectors of the first ids), else nothing until it has finished."""
    ids_file = directory / "ids.json"
    if not ids_file.exists():
        return [], np.empty((0, 384), np.float32)
    ids = json.loads(ids_file.read_text())
    chunks = sorted(directory.glob("chunk_*.npy"))
    vectors = np.vstack([np.load(chunk) for chunk in chunks]) if chunks else np.empty((0, 384), np.float32)
    return (ids, vectors) if partial or len(vectors) == len(ids) else ([], vectors)


def synthetic_rows(
    real: list[dict[str, object]], vectors: np.ndarray, *, count: int, rng: np.random.Generator
) -> tuple[list[dict[str, object]], np.ndarray]:
    sentences = [_SENTENCE.split(str(row["abstract"])) for row in real]
    rows: list[dict[str, object]] = []
    out = np.empty((count, vectors.shape[1]), np.float32)
    for index in range(count):
        sources = rng.integers(0, len(real), size=6)
        abstract = " ".join(sentences[s][int(rng.integers(0, len(sentences[s])))] for s in sources)
        title_words = str(real[int(sources[0])]["title"]).split()
        rows.append(
            {
                # Valid new-style arXiv ids, 90,000 a month from January 2010: none collides with a real one here.
                "id": f"{1001 + index // 90_000:04d}.{10_000 + index % 90_000:05d}",
                "title": " ".join(title_words[:8]),
                "abstract": abstract,
                "authors": ["Synthetic Author"],
                "categories": list(real[int(sources[0])].get("categories") or ["cs.AI"]),  # type: ignore[call-overload]
                "primary_category": real[int(sources[0])].get("primary_category"),
                "first_listed": real[int(sources[0])].get("first_listed"),
            }
        )
        mixed = vectors[sources].mean(axis=0) + rng.normal(0, NOISE, vectors.shape[1])
        out[index] = mixed / np.linalg.norm(mixed)
    return rows, out


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w") as stream:
        for row in rows:
            stream.write(json.dumps(row) + "\n")
