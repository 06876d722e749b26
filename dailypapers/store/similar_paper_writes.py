"""Writing the similar-paper lists: a paper's list is replaced whole."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, delete, insert

from dailypapers.db.schema import similar_papers
from dailypapers.domain.search import ScoredId


def replace_similar_lists(connection: Connection, *, lists: Mapping[int, Sequence[ScoredId]]) -> None:
    """Store each paper's list (nearest first) in place of the one it had."""
    if not lists:
        return
    connection.execute(delete(similar_papers).where(similar_papers.c.paper_id.in_(list(lists))))
    rows = [
        {"paper_id": paper_id, "rank": rank, "similar_id": hit.paper_id, "score": hit.score}
        for paper_id, hits in lists.items()
        for rank, hit in enumerate(hits, start=1)
    ]
    if rows:
        connection.execute(insert(similar_papers), rows)
