"""Reading the similar-paper lists worked out at indexing time."""

from __future__ import annotations

from sqlalchemy import Connection, select

from dailypapers.db.schema import paper_embeddings, similar_papers
from dailypapers.domain.search import ScoredId


def list_stored_similar(connection: Connection, *, paper_id: int, limit: int) -> list[ScoredId]:
    """The paper's stored list, nearest first, at most `limit` long; empty when none is stored."""
    query = (
        select(similar_papers.c.similar_id, similar_papers.c.score)
        .where(similar_papers.c.paper_id == paper_id)
        .order_by(similar_papers.c.rank)
        .limit(limit)
    )
    return [ScoredId(int(similar_id), float(score)) for similar_id, score in connection.execute(query)]


def list_papers_without_similar(connection: Connection, *, model_id: str, after_paper_id: int, limit: int) -> list[int]:
    """Papers embedded by the model that have no stored list yet, in id order after `after_paper_id`."""
    stored = select(similar_papers.c.paper_id).where(similar_papers.c.paper_id == paper_embeddings.c.paper_id)
    query = (
        select(paper_embeddings.c.paper_id)
        .where(
            paper_embeddings.c.model_id == model_id,
            paper_embeddings.c.paper_id > after_paper_id,
            ~stored.exists(),
        )
        .order_by(paper_embeddings.c.paper_id)
        .limit(limit)
    )
    return list(connection.execute(query).scalars())
