"""The semantic leg for one process: the embedding model, loaded on first use, and the nearest-neighbour search.

On PostgreSQL with pgvector the search runs in SQL (filters inside the index scan); elsewhere it runs on the
in-process vector index, asking for more neighbours than needed and filtering them in SQL.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, select

from dailypapers.db.schema import papers
from dailypapers.domain.search import ScoredId, SearchFilters
from dailypapers.search.embedder import DEFAULT_MODEL_DIR, Embedder
from dailypapers.search.filters import filter_conditions
from dailypapers.search.keyword_mirror import KeywordMirror
from dailypapers.search.model_manifest import InvalidModelDirectory, read_manifest
from dailypapers.search.pgvector import has_pgvector_mirror, search_pgvector
from dailypapers.search.vector_index import DEFAULT_HNSW_THRESHOLD
from dailypapers.search.vector_searcher import VectorSearcher

# With filters, the in-process index is asked for this many times the neighbours needed, then filtered in SQL.
FILTER_OVERFETCH = 10
MAX_FETCH = 5000
# Threads that embed hybrid queries while the keyword leg runs: one per search in flight, at most this many.
QUERY_EMBEDDING_THREADS = 4


class TextEmbedder(Protocol):
    """What the search needs of a model (dailypapers.search.embedder.Embedder, or a test's caching wrapper)."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_texts(self, texts: Sequence[str], *, batch_size: int = 32) -> NDArray[np.float32]: ...

    def embed_query(self, text: str) -> NDArray[np.float32]: ...


class ModelUnavailable(RuntimeError):
    """The embedding model cannot be loaded (missing or damaged directory) or semantic search is off."""


class SemanticIndex:
    def __init__(
        self,
        *,
        model_dir: Path | None,
        data_dir: Path,
        enabled: bool = True,
        hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD,
        embedder: TextEmbedder | None = None,
        keyword_on_disk: bool = True,
        keyword_background_refresh: bool = False,
    ) -> None:
        self.model_dir = model_dir or DEFAULT_MODEL_DIR
        self.enabled = enabled
        self._embedder = embedder
        self._load_lock = threading.Lock()
        self._problem: str | None = None
        # A hybrid search embeds its query in a thread while the keyword leg runs (benchmarks/search_speed.py
        # measures both ways); False embeds it after, on the searching thread.
        self.embed_alongside = True
        self._query_threads: ThreadPoolExecutor | None = None
        if not enabled:
            self._problem = "semantic search is turned off (DAILYPAPERS_SEMANTIC_SEARCH=false)"
            self.model_id, self.dimension = "", 0
        elif embedder is not None:
            self.model_id, self.dimension = embedder.model_id, embedder.dimension
        else:
            try:
                manifest = read_manifest(self.model_dir)
                self.model_id, self.dimension = manifest.model_id, manifest.dimension
            except InvalidModelDirectory as error:
                self._problem = str(error)
                self.model_id, self.dimension = "", 0
        self.vectors = VectorSearcher(
            directory=data_dir / "search" / _slug(self.model_id or "none"),
            model_id=self.model_id,
            dimension=self.dimension,
            hnsw_threshold=hnsw_threshold,
        )
        # The keyword leg's on-disk index lives here too: this object is the process's search state, model or not.
        self.keyword = KeywordMirror(
            data_dir / "search" / "keyword",
            enabled=keyword_on_disk,
            refresh_in_background=keyword_background_refresh,
        )

    @property
    def available(self) -> bool:
        return self._problem is None

    @property
    def problem(self) -> str | None:
        return self._problem

    @property
    def embedder(self) -> TextEmbedder:
        """The model, loaded (and its files checked) on first use; raises ModelUnavailable."""
        if self._problem is not None:
            raise ModelUnavailable(self._problem)
        if self._embedder is None:
            with self._load_lock:
                if self._embedder is None:
                    try:
                        self._embedder = Embedder(self.model_dir)
                    except (InvalidModelDirectory, OSError) as error:
                        self._problem = str(error)
                        raise ModelUnavailable(self._problem) from error
        return self._embedder

    def embed_query(self, text: str) -> NDArray[np.float32]:
        return self.embedder.embed_query(text)

    def embed_query_soon(self, text: str) -> Future[NDArray[np.float32]]:
        """`embed_query` in another thread: the model runs outside the GIL, so the caller can search the keyword
        leg meanwhile. The future raises what `embed_query` would."""
        if self._query_threads is None:
            with self._load_lock:
                if self._query_threads is None:
                    self._query_threads = ThreadPoolExecutor(
                        max_workers=QUERY_EMBEDDING_THREADS, thread_name_prefix="query-embedding"
                    )
        return self._query_threads.submit(self.embed_query, text)

    def nearest(
        self, connection: Connection, *, query: NDArray[np.float32], filters: SearchFilters, k: int
    ) -> list[ScoredId]:
        """The `k` stored papers nearest to `query` that pass the filters, nearest first."""
        if has_pgvector_mirror(connection):
            return search_pgvector(connection, query=query, model_id=self.model_id, filters=filters, k=k)
        conditions = filter_conditions(filters)
        if not conditions:
            return self.vectors.search(connection, query, k=k)
        hits = self.vectors.search(connection, query, k=min(k * FILTER_OVERFETCH, MAX_FETCH))
        kept = set(
            connection.execute(
                select(papers.c.id).where(papers.c.id.in_([hit.paper_id for hit in hits]), *conditions)
            ).scalars()
        )
        return [hit for hit in hits if hit.paper_id in kept][:k]


def _slug(model_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("_") or "model"
