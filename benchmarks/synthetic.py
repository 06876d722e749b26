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


def cached_ids(directory: Path) -> list[str]:
    """The ids embed_cache.py has embedded so far."""
    return [paper_id for part in sorted(directory.glob("part_*.json")) for paper_id in json.loads(part.read_text())]


def load_vector_cache(directory: Path, *, ids: list[str]) -> tuple[list[str], np.ndarray]:
    """The cached vectors of those of `ids` that embed_cache.py has embedded, in the order of `ids`."""
    vectors: dict[str, np.ndarray] = {}
    for part in sorted(directory.glob("part_*.npy")):
        for paper_id, vector in zip(json.loads(part.with_suffix(".json").read_text()), np.load(part), strict=True):
            vectors[paper_id] = vector
    found = [paper_id for paper_id in ids if paper_id in vectors]
    return found, np.vstack([vectors[paper_id] for paper_id in found]) if found else np.empty((0, 384), np.float32)


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


def fill_missing_vectors(
    rows: list[dict[str, object]], found: list[str], vectors: np.ndarray, *, rng: np.random.Generator
) -> np.ndarray:
    """Vectors for every row: the cached one, or a stand-in made like a synthetic paper's."""
    by_id = dict(zip(found, vectors, strict=True))
    out = np.empty((len(rows), vectors.shape[1]), np.float32)
    for index, row in enumerate(rows):
        vector = by_id.get(str(row["id"]))
        if vector is None:
            vector = vectors[rng.integers(0, len(vectors), size=6)].mean(axis=0) + rng.normal(
                0, NOISE, vectors.shape[1]
            )
            vector = vector / np.linalg.norm(vector)
        out[index] = vector
    return out


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w") as stream:
        for row in rows:
            stream.write(json.dumps(row) + "\n")
