"""A process's view of the stored embeddings: the vector index, loaded from its file and kept current, and the
nearest-neighbour search over it.

On PostgreSQL with pgvector the search runs in SQL (filters inside the index scan); elsewhere it runs on the
in-process vector index, asking for more neighbours than needed and filtering them in SQL. Every search there first
compares the database's embedding sequence with the one the index has seen; when it moved, the new rows are read
and applied. So any number of web workers see what an indexer wrote, each catching up
from the database, and only a missing or foreign index file is rebuilt (once, then saved).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, select

from dailypapers.db.schema import papers
from dailypapers.domain.search import ScoredId, SearchFilters
from dailypapers.search.embeddings import iterate_embeddings, read_instance, read_sequence
from dailypapers.search.filters import filter_conditions
from dailypapers.search.pgvector import has_pgvector_mirror, search_pgvector
from dailypapers.search.vector_index import DEFAULT_HNSW_THRESHOLD, IndexMeta, VectorIndex

log = logging.getLogger(__name__)

# With filters, the in-process index is asked for this many times the neighbours needed, then filtered in SQL.
FILTER_OVERFETCH = 10
MAX_FETCH = 5000


class VectorSearcher:
    """The vector index for one model: the pgvector mirror where the database has one, else the in-process index,
    persisted under `directory`."""

    def __init__(
        self, *, directory: Path, model_id: str, dimension: int, hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD
    ) -> None:
        self.directory = directory
        self.model_id = model_id
        self.dimension = dimension
        self.hnsw_threshold = hnsw_threshold
        self._index: VectorIndex | None = None
        self._sequence = 0
        self._instance: int | None = None
        self._saved_sequence = -1
        self._lock = threading.Lock()

    @property
    def loaded_from_file(self) -> bool:
        return self._saved_sequence >= 0

    @property
    def kind(self) -> str:
        return "exact" if self._index is None else self._index.kind

    def __len__(self) -> int:
        return 0 if self._index is None else len(self._index)

    def refresh(self, connection: Connection) -> int:
        """Bring the index up to the database's embeddings; returns how many vectors were applied."""
        current = read_sequence(connection)
        with self._lock:
            if self._index is None:
                self._open(connection)
            if current == self._sequence:
                return 0
            if current < self._sequence:
                # The database went back (restored from a backup, or tests rolled back): start over.
                log.warning("embedding sequence went from %s back to %s; rebuilding", self._sequence, current)
                self._start_empty(read_instance(connection))
            return self._catch_up(connection, current=current)

    def nearest(
        self, connection: Connection, *, query: NDArray[np.float32], filters: SearchFilters, k: int
    ) -> list[ScoredId]:
        """The `k` stored papers nearest to `query` that pass the filters, nearest first."""
        if has_pgvector_mirror(connection):
            return search_pgvector(connection, query=query, model_id=self.model_id, filters=filters, k=k)
        conditions = filter_conditions(filters)
        if not conditions:
            return self.search(connection, query, k=k)
        hits = self.search(connection, query, k=min(k * FILTER_OVERFETCH, MAX_FETCH))
        kept = set(
            connection.execute(
                select(papers.c.id).where(papers.c.id.in_([hit.paper_id for hit in hits]), *conditions)
            ).scalars()
        )
        return [hit for hit in hits if hit.paper_id in kept][:k]

    def keeps_vectors(self, connection: Connection) -> bool:
        """Whether this process's index holds the stored vectors: not where the pgvector mirror answers searches
        (the processes there never load it)."""
        return bool(self.dimension) and not has_pgvector_mirror(connection)

    def vectors_of(
        self, connection: Connection, paper_ids: Sequence[int]
    ) -> tuple[NDArray[np.float32], NDArray[np.bool_]]:
        """The stored vectors of these papers, a row each (zeros where a paper has none), and which papers have
        one; read from the in-process index, brought up to the database first (see `keeps_vectors`)."""
        self.refresh(connection)
        with self._lock:
            assert self._index is not None
            return self._index.vectors_of(paper_ids)

    def search(self, connection: Connection, query: NDArray[np.float32], *, k: int) -> list[ScoredId]:
        """The in-process index's `k` nearest, unfiltered (`nearest` is the search that also knows pgvector)."""
        self.refresh(connection)
        with self._lock:
            assert self._index is not None
            return self._index.search(query, k=k)

    def save(self) -> bool:
        """Write the index to its directory when it holds more than the file does; True if written."""
        with self._lock:
            if self._index is None or self._instance is None or self._sequence == self._saved_sequence:
                return False
            meta = IndexMeta(
                kind=self._index.kind,
                model_id=self.model_id,
                dimension=self.dimension,
                sequence=self._sequence,
                instance=self._instance,
                count=len(self._index),
            )
            self._index.save(self.directory, meta=meta)
            self._saved_sequence = self._sequence
            return True

    def _open(self, connection: Connection) -> None:
        instance = read_instance(connection)
        try:
            index, meta = VectorIndex.load(self.directory, hnsw_threshold=self.hnsw_threshold)
        except (OSError, ValueError, TypeError, KeyError) as error:
            log.info("no usable vector index in %s (%s); building from the database", self.directory, error)
            self._start_empty(instance)
            return
        if (meta.model_id, meta.dimension, meta.instance) != (self.model_id, self.dimension, instance):
            log.warning("the vector index in %s belongs to another model or database; rebuilding", self.directory)
            self._start_empty(instance)
            return
        self._index, self._sequence, self._instance = index, meta.sequence, instance
        self._saved_sequence = meta.sequence

    def _start_empty(self, instance: int) -> None:
        self._index = VectorIndex(dimension=self.dimension, hnsw_threshold=self.hnsw_threshold)
        self._sequence, self._instance, self._saved_sequence = 0, instance, -1

    def _catch_up(self, connection: Connection, *, current: int) -> int:
        assert self._index is not None
        applied = 0
        for batch in iterate_embeddings(connection, model_id=self.model_id, after_sequence=self._sequence):
            self._index.upsert(batch.paper_ids, batch.vectors)
            self._sequence = batch.last_sequence
            applied += len(batch.paper_ids)
        # A writer holds the counter's row until it commits, so every row numbered up to `current` was visible
        # above; numbers taken by other models' rows are skipped past.
        self._sequence = max(self._sequence, current)
        return applied
