"""Stored embeddings: which papers need (re-)embedding, writing vectors, reading them back in sequence order.

Each write takes a block of numbers from the `embeddings` counter, so a process holding a vector index can ask
for the rows written since the last number it saw, and catch up without reading the rest.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, delete, func, insert, or_, select, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import paper_embeddings, papers, search_counters

EMBEDDINGS_COUNTER = "embeddings"
INSTANCE_COUNTER = "instance"


@dataclass(frozen=True, slots=True)
class PaperText:
    paper_id: int
    title: str
    abstract: str
    stored_hash: str | None  # the content hash of the stored embedding, if any
    stored_model_id: str | None


@dataclass(frozen=True, slots=True)
class NewEmbedding:
    paper_id: int
    content_hash: str
    vector: NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class EmbeddingBatch:
    paper_ids: NDArray[np.int64]
    vectors: NDArray[np.float32]
    last_sequence: int


def list_embedding_candidates(
    connection: Connection, *, model_id: str, after_paper_id: int, limit: int
) -> list[PaperText]:
    """Papers that may need embedding, in id order after `after_paper_id`: never embedded, embedded by another
    model, or changed since they were embedded. The caller compares content hashes to drop unchanged ones."""
    query = (
        select(
            papers.c.id, papers.c.title, papers.c.abstract, paper_embeddings.c.content_hash, paper_embeddings.c.model_id
        )
        .select_from(papers.outerjoin(paper_embeddings, paper_embeddings.c.paper_id == papers.c.id))
        .where(
            papers.c.id > after_paper_id,
            or_(
                paper_embeddings.c.paper_id.is_(None),
                paper_embeddings.c.model_id != model_id,
                papers.c.updated_at > paper_embeddings.c.embedded_at,
            ),
        )
        .order_by(papers.c.id)
        .limit(limit)
    )
    return [PaperText(*row) for row in connection.execute(query)]


def count_embedding_candidates(connection: Connection, *, model_id: str) -> int:
    """How many papers list_embedding_candidates would go through: an upper bound on the work left."""
    query = (
        select(func.count())
        .select_from(papers.outerjoin(paper_embeddings, paper_embeddings.c.paper_id == papers.c.id))
        .where(
            or_(
                paper_embeddings.c.paper_id.is_(None),
                paper_embeddings.c.model_id != model_id,
                papers.c.updated_at > paper_embeddings.c.embedded_at,
            )
        )
    )
    return int(connection.execute(query).scalar_one())


def save_embeddings(
    connection: Connection, *, embeddings: Sequence[NewEmbedding], model_id: str, now: datetime
) -> None:
    """Insert or replace the papers' embeddings under fresh sequence numbers."""
    if not embeddings:
        return
    last = take_sequence_numbers(connection, count=len(embeddings))
    first = last - len(embeddings) + 1
    ids = [item.paper_id for item in embeddings]
    connection.execute(delete(paper_embeddings).where(paper_embeddings.c.paper_id.in_(ids)))
    connection.execute(
        insert(paper_embeddings),
        [
            {
                "paper_id": item.paper_id,
                "model_id": model_id,
                "content_hash": item.content_hash,
                "vector": vector_bytes(item.vector),
                "sequence": first + offset,
                "embedded_at": now,
            }
            for offset, item in enumerate(embeddings)
        ],
    )


def touch_embeddings(connection: Connection, *, paper_ids: Sequence[int], now: datetime) -> None:
    """Mark embeddings whose text did not change as current, so the next run does not look at them again."""
    if paper_ids:
        connection.execute(
            update(paper_embeddings).where(paper_embeddings.c.paper_id.in_(list(paper_ids))).values(embedded_at=now)
        )


def take_sequence_numbers(connection: Connection, *, count: int) -> int:
    """Reserve `count` numbers; returns the last. The row lock orders concurrent writers on PostgreSQL."""
    connection.execute(insert_ignoring_conflicts(connection, search_counters).values(name=EMBEDDINGS_COUNTER, value=0))
    statement = (
        update(search_counters)
        .where(search_counters.c.name == EMBEDDINGS_COUNTER)
        .values(value=search_counters.c.value + count)
        .returning(search_counters.c.value)
    )
    return int(connection.execute(statement).scalar_one())


def read_sequence(connection: Connection) -> int:
    """The last sequence number handed out: an index that has seen it is current."""
    value = connection.execute(
        select(search_counters.c.value).where(search_counters.c.name == EMBEDDINGS_COUNTER)
    ).scalar()
    return int(value or 0)


def read_instance(connection: Connection) -> int:
    """The database's random identity (set by its migration): an index file is never applied to another database."""
    value = connection.execute(
        select(search_counters.c.value).where(search_counters.c.name == INSTANCE_COUNTER)
    ).scalar()
    return int(value or 0)


def iterate_embeddings(
    connection: Connection, *, model_id: str, after_sequence: int, batch_size: int = 5000
) -> Iterator[EmbeddingBatch]:
    """The model's embeddings written after `after_sequence`, in sequence order, a batch at a time."""
    cursor = after_sequence
    while True:
        rows = connection.execute(
            select(paper_embeddings.c.paper_id, paper_embeddings.c.vector, paper_embeddings.c.sequence)
            .where(paper_embeddings.c.model_id == model_id, paper_embeddings.c.sequence > cursor)
            .order_by(paper_embeddings.c.sequence)
            .limit(batch_size)
        ).all()
        if not rows:
            return
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        vectors = np.vstack([np.frombuffer(row[1], dtype="<f4") for row in rows]).astype(np.float32)
        cursor = int(rows[-1][2])
        yield EmbeddingBatch(ids, vectors, cursor)


def get_embedding(connection: Connection, *, paper_id: int, model_id: str) -> NDArray[np.float32] | None:
    blob = connection.execute(
        select(paper_embeddings.c.vector).where(
            paper_embeddings.c.paper_id == paper_id, paper_embeddings.c.model_id == model_id
        )
    ).scalar()
    return None if blob is None else np.frombuffer(blob, dtype="<f4").astype(np.float32)


def has_embeddings(connection: Connection, *, model_id: str) -> bool:
    query = select(paper_embeddings.c.paper_id).where(paper_embeddings.c.model_id == model_id).limit(1)
    return connection.execute(query).first() is not None


def count_embeddings(connection: Connection, *, model_id: str) -> int:
    return int(
        connection.execute(
            select(func.count()).select_from(paper_embeddings).where(paper_embeddings.c.model_id == model_id)
        ).scalar_one()
    )


def list_model_ids(connection: Connection) -> dict[str, int]:
    """How many stored embeddings each model made: more than one model means a re-index is due."""
    query = select(paper_embeddings.c.model_id, func.count()).group_by(paper_embeddings.c.model_id)
    return {model_id: int(count) for model_id, count in connection.execute(query)}


def vector_bytes(vector: NDArray[np.float32]) -> bytes:
    return np.ascontiguousarray(vector, dtype="<f4").tobytes()


def list_texts_by_arxiv_ids(connection: Connection, *, arxiv_ids: Sequence[str]) -> dict[str, PaperText]:
    """Papers' texts and stored content hashes by arXiv id, for matching shipped embeddings to papers."""
    query = (
        select(
            papers.c.arxiv_id,
            papers.c.id,
            papers.c.title,
            papers.c.abstract,
            paper_embeddings.c.content_hash,
            paper_embeddings.c.model_id,
        )
        .select_from(papers.outerjoin(paper_embeddings, paper_embeddings.c.paper_id == papers.c.id))
        .where(papers.c.arxiv_id.in_(list(arxiv_ids)))
    )
    return {row[0]: PaperText(*row[1:]) for row in connection.execute(query)}


def iterate_embeddings_with_ids(
    connection: Connection, *, model_id: str, batch_size: int = 5000
) -> Iterator[tuple[list[str], list[str], NDArray[np.float32]]]:
    """(arXiv ids, content hashes, vectors) of every embedding of the model, a batch at a time."""
    after = 0
    while True:
        rows = connection.execute(
            select(papers.c.id, papers.c.arxiv_id, paper_embeddings.c.content_hash, paper_embeddings.c.vector)
            .join(papers, papers.c.id == paper_embeddings.c.paper_id)
            .where(paper_embeddings.c.model_id == model_id, papers.c.id > after)
            .order_by(papers.c.id)
            .limit(batch_size)
        ).all()
        if not rows:
            return
        after = rows[-1][0]
        vectors = np.vstack([np.frombuffer(row[3], dtype="<f4") for row in rows]).astype(np.float32)
        yield [row[1] for row in rows], [row[2] for row in rows], vectors
