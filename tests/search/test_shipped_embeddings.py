"""The demo's shipped embeddings were made by the shipped model: a model rebuild that changes its identity must
come with `dailypapers index --export data/demo/embeddings.npz`, or the demo would start without semantic search."""

import json
from pathlib import Path

import numpy as np

from dailypapers.search.embedder import DEFAULT_MODEL_DIR
from dailypapers.search.model_manifest import read_manifest

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "demo" / "embeddings.npz"


def test_shipped_embeddings_match_the_shipped_model() -> None:
    with np.load(SHIPPED, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
    assert meta["model_id"] == read_manifest(DEFAULT_MODEL_DIR).model_id


def test_shipped_embeddings_cover_the_demo_corpus_with_unit_vectors() -> None:
    with np.load(SHIPPED) as data:
        vectors = data["vectors"].astype(np.float32)
        assert len(set(data["arxiv_ids"].tolist())) == len(vectors) == 19_110
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=2e-3)
