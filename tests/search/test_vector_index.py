"""The in-process vector index: exact and HNSW agree, updates replace, saving and loading keep everything."""

from pathlib import Path

import numpy as np
import pytest

from dailypapers.search import vector_index
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


@pytest.mark.parametrize("threshold", [10_000, 50])
def test_vectors_are_read_back_by_id_with_zeros_for_ids_not_held(threshold: int) -> None:
    rng = np.random.default_rng(5)
    vectors = _unit(rng, 300)
    index = VectorIndex(dimension=32, hnsw_threshold=threshold)
    index.upsert(np.arange(300, dtype=np.int64) * 2, vectors)
    index.upsert(np.array([8], dtype=np.int64), -vectors[4:5])  # paper 8 changed its text
    read, found = index.vectors_of([10, 7, 8, 598, 1000])
    assert found.tolist() == [True, False, True, True, False]
    # Half precision above the threshold: as close as f16 keeps a unit vector's components.
    tolerance = 1e-3 if threshold == 50 else 0.0
    np.testing.assert_allclose(read[[0, 2, 3]], [vectors[5], -vectors[4], vectors[299]], atol=tolerance)
    assert not read[[1, 4]].any()
    empty, none_found = index.vectors_of([])
    assert empty.shape == (0, 32) and none_found.shape == (0,)
    index.upsert(np.array([10, 7], dtype=np.int64), vectors[:2])  # read before, changed since (7 is new)
    again, found_again = index.vectors_of([10, 7, 8])
    assert found_again.all()
    np.testing.assert_allclose(again, [vectors[0], vectors[1], -vectors[4]], atol=tolerance)


def test_hnsw_reads_more_vectors_than_its_read_copy_keeps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vector_index, "READ_CACHE_ROWS", 4)
    rng = np.random.default_rng(6)
    vectors = _unit(rng, 100)
    index = VectorIndex(dimension=32, hnsw_threshold=50)
    index.upsert(np.arange(100, dtype=np.int64), vectors)
    for ids in ([1, 2, 3], [4, 5, 1], list(range(20, 30)), [1, 99, 500]):
        read, found = index.vectors_of(ids)
        assert found.tolist() == [i < 100 for i in ids]
        np.testing.assert_allclose(read[found], vectors[[i for i in ids if i < 100]], atol=1e-3)
