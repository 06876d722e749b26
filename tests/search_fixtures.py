"""The semantic model for tests: the real shipped model, each distinct text embedded once per session."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from dailypapers.search.embedder import Embedder
from dailypapers.search.indexes import SearchIndexes


class CachingEmbedder:
    """The real embedder, remembering its answers: the suite embeds the same fixture papers many times."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._cache: dict[str, NDArray[np.float32]] = {}
        self.embedded: list[str] = []  # every text the model really embedded, for tests that count work

    @property
    def model_id(self) -> str:
        return self._embedder.model_id

    @property
    def dimension(self) -> int:
        return self._embedder.dimension

    def embed_texts(self, texts: Sequence[str], *, batch_size: int = 32) -> NDArray[np.float32]:
        missing = [text for text in dict.fromkeys(texts) if text not in self._cache]
        if missing:
            for text, vector in zip(missing, self._embedder.embed_texts(missing, batch_size=batch_size), strict=True):
                self._cache[text] = vector
        self.embedded.extend(texts)
        return np.vstack([self._cache[text] for text in texts]) if texts else np.empty((0, self.dimension), np.float32)

    def embed_query(self, text: str) -> NDArray[np.float32]:
        return self.embed_texts([text])[0]


@pytest.fixture(scope="session")
def shared_embedder() -> CachingEmbedder:
    return CachingEmbedder(Embedder())


@pytest.fixture
def embedder(shared_embedder: CachingEmbedder) -> CachingEmbedder:
    shared_embedder.embedded.clear()
    return shared_embedder


@pytest.fixture
def indexes(embedder: CachingEmbedder, tmp_path: Path) -> SearchIndexes:
    """The search indexes over the test's database, their files in the test's own directory."""
    return SearchIndexes.open(model_dir=None, data_dir=tmp_path / "var", embedder=embedder)
