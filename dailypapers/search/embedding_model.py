"""The embedding model for one process: loaded on first use, or the reason it cannot be (missing or damaged files,
semantic search turned off), and the threads that embed queries while the keyword leg searches."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from dailypapers.search.embedder import DEFAULT_MODEL_DIR, Embedder
from dailypapers.search.model_manifest import InvalidModelDirectory, read_manifest

# Threads that embed hybrid queries while the keyword leg runs: one per search in flight, at most this many.
QUERY_EMBEDDING_THREADS = 4
# Longer texts (pasted abstracts, a paper's own text) rarely come twice and would make the cache's memory
# unbounded: they are embedded every time.
MAX_CACHED_QUERY_CHARS = 300


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


class EmbeddingModel:
    """The model's identity, read from its manifest at once; the model itself, loaded on first use."""

    def __init__(
        self,
        *,
        model_dir: Path | None,
        enabled: bool = True,
        embedder: TextEmbedder | None = None,
        query_cache_size: int = 0,
        threads: int | None = None,
    ) -> None:
        self.model_dir = model_dir or DEFAULT_MODEL_DIR
        self.threads = threads  # the model's threads per call; None: the Embedder's default
        self.enabled = enabled
        self._embedder = embedder
        self._load_lock = threading.Lock()
        self._problem: str | None = None
        # A hybrid search embeds its query in a thread while the keyword leg runs (benchmarks/search_speed.py
        # measures both ways); False embeds it after, on the searching thread.
        self.embed_alongside = True
        self._query_threads: ThreadPoolExecutor | None = None
        # Readers repeat the popular searches word for word; a served site keeps their vectors (least recently used
        # out; DAILYPAPERS_QUERY_VECTOR_CACHE, about 1.5 KB each). The model gives the same vector for the same
        # text, so a kept one changes no ranking.
        self._kept = KeptVectors(query_cache_size)
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
                        self._embedder = Embedder(self.model_dir, threads=self.threads)
                    except (InvalidModelDirectory, OSError) as error:
                        self._problem = str(error)
                        raise ModelUnavailable(self._problem) from error
        return self._embedder

    def embed_query(self, text: str) -> NDArray[np.float32]:
        """The text's unit vector, read-only: a vector kept for a short query is shared by every search for it."""
        vector = self._kept_vector(text)
        if vector is None:
            vector = self._embed_query_now(text)
            if len(text) <= MAX_CACHED_QUERY_CHARS:
                self._kept.put(text, vector)
        return vector

    def _kept_vector(self, text: str) -> NDArray[np.float32] | None:
        return self._kept.get(text) if len(text) <= MAX_CACHED_QUERY_CHARS else None

    def _embed_query_now(self, text: str) -> NDArray[np.float32]:
        vector = self.embedder.embed_query(text)
        vector.setflags(write=False)
        return vector

    def embed_query_soon(self, text: str) -> Future[NDArray[np.float32]]:
        """`embed_query` in another thread: the model runs outside the GIL, so the caller can search the keyword
        leg meanwhile. The future raises what `embed_query` would. A kept vector is handed back at once, without
        waking a thread for a lookup."""
        kept = self._kept_vector(text)
        if kept is not None:
            done: Future[NDArray[np.float32]] = Future()
            done.set_result(kept)
            return done
        if self._query_threads is None:
            with self._load_lock:
                if self._query_threads is None:
                    self._query_threads = ThreadPoolExecutor(
                        max_workers=QUERY_EMBEDDING_THREADS, thread_name_prefix="query-embedding"
                    )
        return self._query_threads.submit(self.embed_query, text)


class KeptVectors:
    """The vectors of the `size` queries used most recently (none when `size` is 0), safe to share between threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._vectors: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> NDArray[np.float32] | None:
        if not self._size:
            return None
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
            return vector

    def put(self, text: str, vector: NDArray[np.float32]) -> None:
        if not self._size:
            return
        with self._lock:
            self._vectors[text] = vector
            self._vectors.move_to_end(text)
            if len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
