"""Indexing: bring the on-disk keyword index up to the papers' text, embed the papers that are new or changed
since they were embedded, then bring the vector index up to date (saved under the data directory, or the pgvector
mirror on PostgreSQL), and the similar-paper lists of the papers embedded and of their neighbours.

Each batch is its own transaction, so an interrupted run keeps what it finished and the next run goes on.
The database's own keyword index needs no step: triggers keep it current as papers are written, and it answers
whenever the on-disk one is behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.domain.search import content_hash, embedding_text
from dailypapers.search.embedding_model import EmbeddingModel
from dailypapers.search.embeddings import (
    NewEmbedding,
    count_embedding_candidates,
    count_embeddings,
    list_embedding_candidates,
    save_embeddings,
    touch_embeddings,
)
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.keyword_mirror import KeywordMirror, MirrorProgress, MirrorReport
from dailypapers.search.pgvector import has_pgvector, sync_pgvector
from dailypapers.search.vector_searcher import VectorSearcher
from dailypapers.services.similar_lists import fill_missing_similar_lists, refresh_similar_lists

BATCH_SIZE = 128


@dataclass(frozen=True, slots=True)
class IndexProgress:
    examined: int
    total: int
    embedded: int


@dataclass(frozen=True, slots=True)
class IndexReport:
    examined: int
    embedded: int
    unchanged: int
    vectors: int  # embeddings of the model in use, after the run
    index: str  # where semantic queries are answered: "exact", "hnsw" or "pgvector"
    seconds: float
    similar_lists: int = 0  # papers whose similar-paper list was worked out again


def update_keyword_index(
    db: Database, keyword: KeywordMirror, *, on_progress: Callable[[MirrorProgress], None] | None = None
) -> MirrorReport | None:
    """Catch the on-disk keyword index up with the database (None when it is turned off); raises
    KeywordIndexBusy while another process updates it."""
    if not keyword.enabled:
        return None
    return keyword.update(db, on_progress=on_progress)


def count_papers_to_embed(db: Database, model: EmbeddingModel) -> int:
    with db.reading() as connection:
        return count_embedding_candidates(connection, model_id=model.model_id)


def index_papers(
    db: Database,
    indexes: SearchIndexes,
    *,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[IndexProgress], None] | None = None,
    clock: Clock = utc_now,
) -> IndexReport:
    """Embed what needs embedding and update the vector index; raises ModelUnavailable without a model."""
    started = time.perf_counter()
    embedder = indexes.model.embedder
    model_id = indexes.model.model_id
    total = count_papers_to_embed(db, indexes.model)
    examined = embedded = 0
    after = 0
    embedded_ids: list[int] = []
    while True:
        with db.reading() as connection:
            candidates = list_embedding_candidates(
                connection, model_id=model_id, after_paper_id=after, limit=batch_size
            )
        if not candidates:
            break
        after = candidates[-1].paper_id
        texts = {item.paper_id: embedding_text(title=item.title, abstract=item.abstract) for item in candidates}
        hashes = {paper_id: content_hash(model_id=model_id, text=text) for paper_id, text in texts.items()}
        current = {
            item.paper_id
            for item in candidates
            if item.stored_hash == hashes[item.paper_id] and item.stored_model_id == model_id
        }
        stale = [item.paper_id for item in candidates if item.paper_id not in current]
        unchanged = sorted(current)
        vectors = embedder.embed_texts([texts[paper_id] for paper_id in stale]) if stale else None
        with db.transaction() as connection:
            if vectors is not None:
                save_embeddings(
                    connection,
                    embeddings=[
                        NewEmbedding(paper_id, hashes[paper_id], vectors[row]) for row, paper_id in enumerate(stale)
                    ],
                    model_id=model_id,
                    now=clock(),
                )
            touch_embeddings(connection, paper_ids=unchanged, now=clock())
        examined += len(candidates)
        embedded += len(stale)
        embedded_ids.extend(stale)
        if on_progress is not None:
            on_progress(IndexProgress(examined=examined, total=max(total, examined), embedded=embedded))
    kind = update_vector_index(db, indexes.vectors)
    similar = refresh_similar_lists(db, indexes, paper_ids=embedded_ids)
    similar += fill_missing_similar_lists(db, indexes)
    with db.reading() as connection:
        vectors_count = count_embeddings(connection, model_id=model_id)
    return IndexReport(
        examined=examined,
        embedded=embedded,
        unchanged=examined - embedded,
        vectors=vectors_count,
        index=kind,
        seconds=time.perf_counter() - started,
        similar_lists=similar,
    )


def update_vector_index(db: Database, vectors: VectorSearcher) -> str:
    """Bring the vector index up to the stored embeddings and persist it; returns its kind."""
    with db.transaction() as connection:
        if has_pgvector(connection):
            sync_pgvector(connection, model_id=vectors.model_id, dimension=vectors.dimension)
            return "pgvector"
        vectors.refresh(connection)
    vectors.save()
    return vectors.kind


@dataclass(frozen=True, slots=True)
class AfterImport:
    report: IndexReport | None  # set when the new papers were embedded at once
    pending: int  # papers left to embed
    reason: str | None  # why nothing was embedded, when nothing was
    keyword: MirrorReport | None = None  # the on-disk keyword index's update, when it ran


def index_after_import(
    db: Database,
    indexes: SearchIndexes,
    *,
    limit: int,
    on_keyword_progress: Callable[[MirrorProgress], None] | None = None,
) -> AfterImport:
    """Bring the on-disk keyword index up to the import (seconds even for 75k papers), and embed what the import
    left to embed when it is little (seconds of work), else leave it for later."""
    keyword = update_keyword_index(db, indexes.keyword, on_progress=on_keyword_progress)
    if not indexes.model.available:
        return AfterImport(None, 0, f"semantic search is unavailable: {indexes.model.problem}", keyword)
    pending = count_papers_to_embed(db, indexes.model)
    if pending == 0:
        return AfterImport(None, 0, None, keyword)
    if pending > limit:
        reason = f"{pending:,} papers to embed is more than DAILYPAPERS_EMBED_ON_IMPORT_LIMIT"
        return AfterImport(None, pending, reason, keyword)
    return AfterImport(index_papers(db, indexes), 0, None, keyword)
