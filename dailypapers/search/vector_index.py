"""The in-process vector index: exact (numpy) for small corpora, HNSW (usearch) past a size threshold.

Keyed by paper id, updated in place, saved to and loaded from a directory. Scores are inner products of unit
vectors (cosine similarity), higher is better.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import repeat
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from usearch.index import Index

from dailypapers.domain.search import ScoredId

# Below this many vectors an exact scan answers in a few milliseconds and costs no build time; above it HNSW's
# sub-millisecond queries win (docs/benchmarks.md, "Vector index").
DEFAULT_HNSW_THRESHOLD = 20_000
FORMAT_VERSION = 1
META_FILE = "meta.json"
EXACT_FILE = "exact.npz"
HNSW_FILE = "hnsw.usearch"
# HNSW parameters: 16 links per node and a 128-wide build search hold recall@10 near 0.99 on 384-d MiniLM
# vectors; half-precision storage halves the memory at no measurable recall cost.
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 96
# usearch hands stored vectors back one array per key (about 2 µs each), and For you asks for the same month of
# papers on every request: under HNSW the vectors read lately are kept in a dense copy, at most this many (77 MB of
# 384-d vectors; single precision, as widening half-precision rows cost more than the copy), forgotten when full or
# when any vector changes.
READ_CACHE_ROWS = 50_000

Kind = Literal["exact", "hnsw"]


@dataclass(frozen=True, slots=True)
class IndexMeta:
    kind: Kind
    model_id: str
    dimension: int
    sequence: int  # the last embedding sequence number the saved index includes
    instance: int  # the database it was built from
    count: int
    format_version: int = FORMAT_VERSION


class VectorIndex:
    """Vectors by paper id; not thread-safe on its own (the searcher holds a lock around it)."""

    def __init__(self, *, dimension: int, hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD) -> None:
        self.dimension = dimension
        self.hnsw_threshold = hnsw_threshold
        self._ids = np.empty(0, dtype=np.int64)
        self._matrix = np.empty((0, dimension), dtype=np.float32)
        self._count = 0
        self._positions: dict[int, int] = {}
        self._hnsw: Index | None = None
        self._read_rows: dict[int, int] = {}  # paper id -> its row in `_read` (-1: the index holds no vector)
        self._read = np.empty((0, dimension), dtype=np.float32)
        self._read_count = 0

    @property
    def kind(self) -> Kind:
        return "hnsw" if self._hnsw is not None else "exact"

    def __len__(self) -> int:
        return len(self._hnsw) if self._hnsw is not None else self._count

    def upsert(self, ids: NDArray[np.int64], vectors: NDArray[np.float32]) -> None:
        """Add vectors, replacing any held under the same ids."""
        if len(ids) == 0:
            return
        ids, vectors = _last_per_id(ids, vectors)
        if self._hnsw is not None:
            present = ids[self._hnsw.contains(ids)]
            if len(present):
                self._hnsw.remove(present)
            self._hnsw.add(ids, vectors)
            self._forget_read()
            return
        self._upsert_exact(ids, vectors)
        if self._count >= self.hnsw_threshold:
            self._switch_to_hnsw()

    def vectors_of(self, ids: Sequence[int]) -> tuple[NDArray[np.float32], NDArray[np.bool_]]:
        """The vectors held under these ids, a row each (zeros where none is held), and which ids have one."""
        if self._hnsw is not None:
            self._read_hnsw(ids)
            positions = np.fromiter(map(self._read_rows.__getitem__, ids), dtype=np.int64, count=len(ids))
            return _gathered(self._read, positions)
        positions = np.fromiter(map(self._positions.get, ids, repeat(-1)), dtype=np.int64, count=len(ids))
        return _gathered(self._matrix, positions)

    def _read_hnsw(self, ids: Sequence[int]) -> None:
        """Copy the vectors of these ids that are not in the read copy yet out of usearch, into it."""
        assert self._hnsw is not None
        unread = [i for i in dict.fromkeys(ids) if i not in self._read_rows]
        if not unread:
            return
        if len(self._read_rows) + len(unread) > READ_CACHE_ROWS:
            self._forget_read()
            unread = list(dict.fromkeys(ids))
        keys = np.asarray(unread, dtype=np.int64)
        held = keys[np.asarray(self._hnsw.contains(keys), dtype=bool)]
        start = self._read_count
        if start + len(held) > len(self._read):
            self._read = _grown(self._read, max(start + len(held), 2 * len(self._read)))
        if len(held):
            # Asked for as stored (half precision): asking usearch for f32 converts vector by vector, slower.
            rows = self._hnsw.get(held, dtype="f16")
            assert isinstance(rows, tuple)  # one array per key asked for, none missing (`contains` said so)
            self._read[start : start + len(held)] = np.stack([row for row in rows if row is not None])
        self._read_rows.update(dict.fromkeys(unread, -1))
        self._read_rows.update(zip(held.tolist(), range(start, start + len(held)), strict=True))
        self._read_count += len(held)

    def _forget_read(self) -> None:
        self._read_rows = {}
        self._read_count = 0

    def search(self, query: NDArray[np.float32], *, k: int) -> list[ScoredId]:
        """The `k` nearest papers to a unit query vector, nearest first."""
        if k <= 0 or len(self) == 0:
            return []
        if self._hnsw is not None:
            matches = self._hnsw.search(query, k)
            return [
                ScoredId(int(key), 1.0 - float(distance))
                for key, distance in zip(matches.keys, matches.distances, strict=True)
            ]
        # einsum, not `@`: BLAS spreads one matrix-vector product over every core, which on a busy two-core
        # server took 15-20 ms for 19k vectors against 1.3 ms on one core (docs/benchmarks.md).
        scores = np.einsum("ij,j->i", self._matrix[: self._count], query)
        k = min(k, self._count)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [ScoredId(int(self._ids[i]), float(scores[i])) for i in top]

    def save(self, directory: Path, *, meta: IndexMeta) -> None:
        """Write the index, then its meta: a reader that sees the new meta finds the data it describes."""
        directory.mkdir(parents=True, exist_ok=True)
        if self._hnsw is not None:
            data = directory / HNSW_FILE
            temporary = directory / f"{HNSW_FILE}.{os.getpid()}.tmp"
            self._hnsw.save(str(temporary))
        else:
            data = directory / EXACT_FILE
            temporary = directory / f"{EXACT_FILE}.{os.getpid()}.tmp.npz"
            np.savez(temporary, ids=self._ids[: self._count], vectors=self._matrix[: self._count])
        temporary.replace(data)
        _write_atomically(directory / META_FILE, json.dumps(asdict(meta)))

    @classmethod
    def load(cls, directory: Path, *, hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD) -> tuple[VectorIndex, IndexMeta]:
        """The saved index and its meta; raises FileNotFoundError or ValueError when there is none usable."""
        raw = json.loads((directory / META_FILE).read_text())
        meta = IndexMeta(**raw)
        if meta.format_version != FORMAT_VERSION:
            raise ValueError(f"index format {meta.format_version} is not {FORMAT_VERSION}")
        index = cls(dimension=meta.dimension, hnsw_threshold=hnsw_threshold)
        if meta.kind == "hnsw":
            index._hnsw = _new_hnsw(meta.dimension)
            index._hnsw.load(str(directory / HNSW_FILE))
        else:
            with np.load(directory / EXACT_FILE) as saved:
                index._upsert_exact(saved["ids"].astype(np.int64), saved["vectors"].astype(np.float32))
        return index, meta

    def _upsert_exact(self, ids: NDArray[np.int64], vectors: NDArray[np.float32]) -> None:
        new_rows = [i for i, paper_id in enumerate(ids.tolist()) if paper_id not in self._positions]
        for i, paper_id in enumerate(ids.tolist()):
            position = self._positions.get(paper_id)
            if position is not None:
                self._matrix[position] = vectors[i]
        needed = self._count + len(new_rows)
        if needed > len(self._matrix):
            capacity = max(needed, 2 * len(self._matrix), 1024)
            self._matrix = _grown(self._matrix, capacity)
            self._ids = np.resize(self._ids, capacity)
        for i in new_rows:
            self._positions[int(ids[i])] = self._count
            self._ids[self._count] = ids[i]
            self._matrix[self._count] = vectors[i]
            self._count += 1

    def _switch_to_hnsw(self) -> None:
        hnsw = _new_hnsw(self.dimension)
        hnsw.add(self._ids[: self._count].copy(), self._matrix[: self._count])
        self._hnsw = hnsw
        self._ids = np.empty(0, dtype=np.int64)
        self._matrix = np.empty((0, self.dimension), dtype=np.float32)
        self._positions = {}
        self._count = 0


def _new_hnsw(dimension: int) -> Index:
    return Index(
        ndim=dimension,
        metric="ip",
        dtype="f16",
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


def _gathered(
    matrix: NDArray[np.float32], positions: NDArray[np.int64]
) -> tuple[NDArray[np.float32], NDArray[np.bool_]]:
    """The rows at these positions (zeros where a position is -1), and which were there."""
    found = positions >= 0
    if found.all():
        return matrix[positions], found
    gathered = np.zeros((len(positions), matrix.shape[1]), dtype=np.float32)
    gathered[found] = matrix[positions[found]]
    return gathered, found


def _grown(matrix: NDArray[np.float32], capacity: int) -> NDArray[np.float32]:
    grown = np.empty((capacity, matrix.shape[1]), dtype=np.float32)
    grown[: len(matrix)] = matrix
    return grown


def _last_per_id(ids: NDArray[np.int64], vectors: NDArray[np.float32]) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Keep the last vector given for each id, as a replay of updates in order would."""
    reversed_ids = ids[::-1]
    _, first_in_reversed = np.unique(reversed_ids, return_index=True)
    keep = np.sort(len(ids) - 1 - first_in_reversed)
    return ids[keep], np.ascontiguousarray(vectors[keep], dtype=np.float32)


def _write_atomically(path: Path, text: str) -> None:
    # Named per process: several workers may save at once; each rename is atomic and the last one wins.
    temporary = path.with_suffix(f"{path.suffix}.{os.getpid()}.tmp")
    temporary.write_text(text)
    temporary.replace(path)
