"""A process's search state in one object: the embedding model, the vector index and the keyword index on disk,
each its own class, so that code needing one of them (the keyword leg, the digests' topics) takes only that one."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from dailypapers.db.engine import Database
from dailypapers.search.embedding_model import EmbeddingModel, ModelUnavailable, TextEmbedder
from dailypapers.search.keyword_mirror import KeywordMirror
from dailypapers.search.pgvector import has_pgvector_mirror
from dailypapers.search.spelling import SpellingDictionary
from dailypapers.search.vector_index import DEFAULT_HNSW_THRESHOLD
from dailypapers.search.vector_searcher import VectorSearcher

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SearchIndexes:
    model: EmbeddingModel
    vectors: VectorSearcher
    keyword: KeywordMirror
    spelling: SpellingDictionary = field(default_factory=SpellingDictionary)

    @classmethod
    def open(
        cls,
        *,
        model_dir: Path | None,
        data_dir: Path,
        semantic: bool = True,
        hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD,
        embedder: TextEmbedder | None = None,
        keyword_on_disk: bool = True,
        keyword_background_refresh: bool = False,
        query_vector_cache: int = 0,
        embedding_threads: int | None = None,
    ) -> SearchIndexes:
        """The indexes kept under `data_dir/search/`; nothing is loaded until first use or `warm_up`. A web worker
        passes `keyword_background_refresh` to catch the keyword index up in the background when it finds it
        behind. `query_vector_cache`: how many short queries' vectors to keep (0: none). `embedding_threads`: the
        model's threads per call (None: the model's default, two, which suits embedding batches)."""
        model = EmbeddingModel(
            model_dir=model_dir,
            enabled=semantic,
            embedder=embedder,
            query_cache_size=query_vector_cache,
            threads=embedding_threads,
        )
        vectors = VectorSearcher(
            directory=data_dir / "search" / _slug(model.model_id or "none"),
            model_id=model.model_id,
            dimension=model.dimension,
            hnsw_threshold=hnsw_threshold,
        )
        keyword = KeywordMirror(
            data_dir / "search" / "keyword", enabled=keyword_on_disk, refresh_in_background=keyword_background_refresh
        )
        return cls(model=model, vectors=vectors, keyword=keyword)

    def warm_up(self, db: Database) -> None:
        """Load the model and the vector index, and count the words of the spelling dictionary, before the first
        query needs them (a web worker does at start)."""
        self._warm_up_semantic(db)
        with db.reading() as connection:
            report = self.spelling.ensure_built(connection)
        if report is not None:
            log.info(
                "spelling dictionary: %s words from %s papers (%.1f s)", report.words, report.papers, report.seconds
            )

    def _warm_up_semantic(self, db: Database) -> None:
        if not self.model.available:
            return
        try:
            self.model.embed_query("warm up")
        except ModelUnavailable as error:
            log.warning("semantic search is unavailable: %s", error)
            return
        with db.reading() as connection:
            if not has_pgvector_mirror(connection):
                applied = self.vectors.refresh(connection)
                log.info("vector index ready: %s vectors (%s caught up from the database)", len(self.vectors), applied)
        if not self.vectors.loaded_from_file:
            # Built from the database: save it so the next start loads it instead.
            self.vectors.save()


def _slug(model_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("_") or "model"
