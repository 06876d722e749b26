"""The papers a set of filters admits, read whole for re-ranking ("For you"): their stored embeddings (from the
in-process vector index where one is kept, else from the database), and which of them an author or a category
names. One query each, whatever the number of papers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, Connection, Select, and_, select

from dailypapers.db.schema import paper_authors, paper_categories, paper_embeddings, papers
from dailypapers.domain.for_you import Candidates
from dailypapers.domain.search import SearchFilters
from dailypapers.search.filters import filter_conditions

if TYPE_CHECKING:
    # Named for the type only: importing usearch before onnxruntime crashes the process (a segmentation fault at
    # import), and the embedding model is imported after this module.
    from dailypapers.search.vector_searcher import VectorSearcher

# A window wider than this many papers is cut to its most recent ones: "For you" looks at recent papers.
MAX_CANDIDATES = 50_000


def load_candidates(
    connection: Connection,
    *,
    filters: SearchFilters,
    model_id: str,
    dimension: int,
    index: VectorSearcher | None = None,
) -> Candidates:
    """The admitted papers, newest first, with their embeddings by `model_id` (zeros where they have none): from
    `index` (the searcher of that model) where this process keeps it, else from the database."""
    if index is not None and index.keeps_vectors(connection):
        query = _newest_first(select(papers.c.id, papers.c.upvote_count).where(*filter_conditions(filters)))
        rows = connection.execute(query).all()
        paper_ids = [row[0] for row in rows]
        vectors, _ = index.vectors_of(connection, paper_ids)
        popularity = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
        return Candidates(paper_ids=paper_ids, vectors=vectors, popularity=popularity)
    query = _newest_first(
        select(papers.c.id, papers.c.upvote_count, paper_embeddings.c.vector)
        .select_from(
            papers.outerjoin(
                paper_embeddings,
                and_(paper_embeddings.c.paper_id == papers.c.id, paper_embeddings.c.model_id == model_id),
            )
        )
        .where(*filter_conditions(filters))
    )
    rows = connection.execute(query).all()
    vectors = np.zeros((len(rows), dimension), dtype=np.float32)
    blank = bytes(4 * dimension)
    buffer = b"".join(row[2] if row[2] is not None and len(row[2]) == 4 * dimension else blank for row in rows)
    if rows:
        vectors = np.frombuffer(buffer, dtype="<f4").reshape(len(rows), dimension).astype(np.float32)
    popularity = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
    return Candidates(paper_ids=[row[0] for row in rows], vectors=vectors, popularity=popularity)


def _newest_first(query: Select[Any]) -> Select[Any]:
    return query.order_by(papers.c.published_at.desc(), papers.c.id.desc()).limit(MAX_CANDIDATES)


def load_vectors(
    connection: Connection, *, paper_ids: Collection[int], model_id: str, index: VectorSearcher | None = None
) -> dict[int, NDArray[np.float32]]:
    """The stored embeddings of these papers by `model_id`; papers without one are left out. From `index` where
    this process keeps it, as `load_candidates`."""
    if not paper_ids:
        return {}
    if index is not None and index.keeps_vectors(connection):
        ids = list(paper_ids)
        vectors, found = index.vectors_of(connection, ids)
        return {paper_id: vectors[i] for i, paper_id in enumerate(ids) if found[i]}
    query = select(paper_embeddings.c.paper_id, paper_embeddings.c.vector).where(
        paper_embeddings.c.paper_id.in_(list(paper_ids)), paper_embeddings.c.model_id == model_id
    )
    return {
        paper_id: np.frombuffer(blob, dtype="<f4").astype(np.float32) for paper_id, blob in connection.execute(query)
    }


def find_papers_by_authors(
    connection: Connection, *, paper_ids: Sequence[int], author_keys: Collection[str]
) -> dict[int, set[str]]:
    """For each of these papers an author key names, the keys that name it."""
    return _named_papers(connection, paper_authors.c.paper_id, paper_authors.c.name_key, paper_ids, author_keys)


def find_papers_by_categories(
    connection: Connection, *, paper_ids: Sequence[int], categories: Collection[str]
) -> dict[int, set[str]]:
    """For each of these papers in one of the categories, the categories it is in (as followed)."""
    return _named_papers(connection, paper_categories.c.paper_id, paper_categories.c.category, paper_ids, categories)


def _named_papers(
    connection: Connection,
    paper_column: ColumnElement[int],
    name_column: ColumnElement[str],
    paper_ids: Sequence[int],
    names: Collection[str],
) -> dict[int, set[str]]:
    """For each of these papers a row of the table names with one of `names`, the names that name it."""
    found: dict[int, set[str]] = defaultdict(set)
    if not paper_ids or not names:
        return found
    query = select(paper_column, name_column).where(name_column.in_(list(names)), paper_column.in_(list(paper_ids)))
    for paper_id, name in connection.execute(query):
        found[paper_id].add(name)
    return found


def load_texts(connection: Connection, *, paper_ids: Collection[int]) -> dict[int, str]:
    """The title and abstract of each of these papers, as one text, by id."""
    if not paper_ids:
        return {}
    query = select(papers.c.id, papers.c.title, papers.c.abstract).where(papers.c.id.in_(list(paper_ids)))
    return {paper_id: f"{title}\n{abstract}" for paper_id, title, abstract in connection.execute(query)}
