"""The in-process vector index: exact and HNSW agree, updates replace, saving and loading keep everything."""

from pathlib import Path

import numpy as np
import pytest

from dailypapers.search.vector_index import IndexMeta, VectorIndex


def _unit(rng: np.random.Generator, count: int) -> np.ndarray:
    vectors = rng.standard_normal((count, 32)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _meta(index: VectorIndex) -> IndexMeta:
    return IndexMeta(kind=index.kind, model_id="m", dimension=32, sequence=1, instance=1, count=len(index))


@pytest.mark.parametrize("threshold", [10_000, 50])
def test_nearest_first_and_replacing_an_id(threshold: int) -> None:
    rng = np.random.default_rng(1)
    vectors = _unit(rng, 300)
    index = VectorIndex(dimension=32, hnsw_threshold=threshold)
    index.upsert(np.arange(300, dtype=np.int64), vectors)
    assert index.kind == ("hnsw" if threshold == 50 else "exact") and len(index) == 300
    assert index.search(vectors[17], k=1)[0].paper_id == 17
    index.upsert(np.array([17], dtype=np.int64), -vectors[17:18])  # paper 17 changed its text
    assert len(index) == 300
    assert 17 not in [hit.paper_id for hit in index.search(vectors[17], k=5)]
    assert index.search(-vectors[17], k=1)[0].paper_id == 17


def test_hnsw_finds_what_the_exact_scan_finds() -> None:
    rng = np.random.default_rng(2)
    vectors = _unit(rng, 2000)
    exact = VectorIndex(dimension=32, hnsw_threshold=10_000)
    hnsw = VectorIndex(dimension=32, hnsw_threshold=100)
    for index in (exact, hnsw):
        index.upsert(np.arange(2000, dtype=np.int64), vectors)
    queries = _unit(rng, 50)
    overlap = [
        len({h.paper_id for h in exact.search(q, k=10)} & {h.paper_id for h in hnsw.search(q, k=10)}) / 10
        for q in queries
    ]
    assert np.mean(overlap) >= 0.95


@pytest.mark.parametrize("threshold", [10_000, 50])
def test_saved_index_loads_with_the_same_answers(tmp_path: Path, threshold: int) -> None:
    rng = np.random.default_rng(3)
    vectors = _unit(rng, 200)
    index = VectorIndex(dimension=32, hnsw_threshold=threshold)
    index.upsert(np.arange(1000, 1200, dtype=np.int64), vectors)
    index.save(tmp_path, meta=_meta(index))
    loaded, meta = VectorIndex.load(tmp_path, hnsw_threshold=threshold)
    assert meta.count == 200 and loaded.kind == index.kind
    query = vectors[5]
    assert [h.paper_id for h in loaded.search(query, k=5)] == [h.paper_id for h in index.search(query, k=5)]


def test_a_batch_naming_an_id_twice_keeps_the_last_vector() -> None:
    rng = np.random.default_rng(4)
    first, second = _unit(rng, 2)
    index = VectorIndex(dimension=32)
    index.upsert(np.array([7, 7], dtype=np.int64), np.vstack([first, second]))
    assert len(index) == 1 and index.search(second, k=1)[0].score == pytest.approx(1.0, abs=1e-5)
