"""Similar-paper lists worked out when papers are indexed, so a paper page reads its list instead of searching.

A paper embedded (new or changed) gets its list, and so does each paper in that list: the new paper may now
belong in its neighbours' lists. Papers embedded before lists were stored get theirs on the next indexing run.
"""

from __future__ import annotations

from collections.abc import Iterable

from dailypapers.db.engine import Database
from dailypapers.domain.search import ScoredId, SearchFilters
from dailypapers.search.embeddings import get_embedding
from dailypapers.search.indexes import SearchIndexes
from dailypapers.store.similar_paper_writes import replace_similar_lists
from dailypapers.store.similar_papers import list_papers_without_similar

# Enough for the paper page (6) and the API's default (10) with room for papers deleted since.
STORED_SIMILAR = 20
BATCH_SIZE = 200


def refresh_similar_lists(db: Database, indexes: SearchIndexes, *, paper_ids: Iterable[int]) -> int:
    """Work out the lists of `paper_ids` and of the papers in those lists; returns how many lists were stored."""
    changed = sorted(set(paper_ids))
    lists = _work_out(db, indexes, changed)
    neighbours = sorted({hit.paper_id for hits in lists.values() for hit in hits} - set(changed))
    lists.update(_work_out(db, indexes, neighbours))
    _store(db, lists)
    return len(lists)


def fill_missing_similar_lists(db: Database, indexes: SearchIndexes) -> int:
    """Store a list for every embedded paper that has none (papers embedded before lists were kept, or loaded
    from an embeddings file); returns how many were stored."""
    stored = after = 0
    while True:
        with db.reading() as connection:
            batch = list_papers_without_similar(
                connection, model_id=indexes.model.model_id, after_paper_id=after, limit=BATCH_SIZE
            )
        if not batch:
            return stored
        after = batch[-1]
        lists = _work_out(db, indexes, batch)
        _store(db, lists)
        stored += len(lists)


def _work_out(db: Database, indexes: SearchIndexes, paper_ids: list[int]) -> dict[int, list[ScoredId]]:
    lists: dict[int, list[ScoredId]] = {}
    model_id = indexes.model.model_id
    for start in range(0, len(paper_ids), BATCH_SIZE):
        with db.reading() as connection:
            for paper_id in paper_ids[start : start + BATCH_SIZE]:
                vector = get_embedding(connection, paper_id=paper_id, model_id=model_id)
                if vector is None:
                    continue
                hits = indexes.vectors.nearest(connection, query=vector, filters=SearchFilters(), k=STORED_SIMILAR + 1)
                lists[paper_id] = [hit for hit in hits if hit.paper_id != paper_id][:STORED_SIMILAR]
    return lists


def _store(db: Database, lists: dict[int, list[ScoredId]]) -> None:
    items = list(lists.items())
    for start in range(0, len(items), BATCH_SIZE):
        with db.transaction() as connection:
            replace_similar_lists(connection, lists=dict(items[start : start + BATCH_SIZE]))
