"""The process's embedding model: the query vectors it keeps, and what it embeds afresh."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dailypapers.search.embedder import Embedder
from dailypapers.search.embedding_model import MAX_CACHED_QUERY_CHARS, EmbeddingModel
from dailypapers.services.container import Services
from dailypapers.settings import Settings
from tests.search_fixtures import CachingEmbedder


def test_a_repeated_query_is_embedded_once_and_gets_the_same_vector(embedder: CachingEmbedder) -> None:
    model = EmbeddingModel(model_dir=None, embedder=embedder, query_cache_size=8)
    first = model.embed_query("diffusion models for video")
    again = model.embed_query("diffusion models for video")
    assert embedder.embedded == ["diffusion models for video"]
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, embedder.embed_query("diffusion models for video"))


def test_kept_vectors_are_read_only(embedder: CachingEmbedder) -> None:
    vector = EmbeddingModel(model_dir=None, embedder=embedder, query_cache_size=8).embed_query("graph neural networks")
    with pytest.raises(ValueError, match="read-only"):
        vector *= 2.0


def test_the_least_recently_used_query_leaves_first(embedder: CachingEmbedder) -> None:
    model = EmbeddingModel(model_dir=None, embedder=embedder, query_cache_size=2)
    for query in ("speech recognition", "protein structure", "speech recognition", "robot manipulation"):
        model.embed_query(query)
    embedder.embedded.clear()
    model.embed_query("speech recognition")  # used more recently than "protein structure": still kept
    model.embed_query("protein structure")
    assert embedder.embedded == ["protein structure"]


def test_no_cache_and_long_texts_embed_every_time(embedder: CachingEmbedder) -> None:
    off = EmbeddingModel(model_dir=None, embedder=embedder)  # what tests and one-off commands get
    off.embed_query("tokenizer")
    off.embed_query("tokenizer")
    pasted = "a pasted abstract about retrieval " * (MAX_CACHED_QUERY_CHARS // 20)
    on = EmbeddingModel(model_dir=None, embedder=embedder, query_cache_size=8)
    on.embed_query(pasted)
    on.embed_query(pasted)
    assert embedder.embedded == ["tokenizer", "tokenizer", pasted, pasted]


@pytest.mark.parametrize(("serving", "threads"), [(True, 1), (False, 2)])
def test_a_web_worker_runs_the_model_on_one_thread_per_query(tmp_path: Path, serving: bool, threads: int) -> None:
    # One query on two threads costs more CPU than on one and is no sooner (benchmarks/embedder_speed.py); the
    # indexer's batches keep two.
    services = Services(Settings(data_dir=tmp_path), serving=serving)
    try:
        embedder = services.search.model.embedder
        assert isinstance(embedder, Embedder)
        assert embedder._session.get_session_options().intra_op_num_threads == threads
    finally:
        services.close()
