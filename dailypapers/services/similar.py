"""Similar papers, by the stored embedding of a paper or of a pasted text ("find related work").

A paper's list is read from the lists worked out at indexing time (services/similar_lists.py) when it has one
long enough; otherwise it is worked out here. A paper without an embedding (or with the model unavailable) gets
keyword similarity instead: BM25 over the meaningful words of its title and abstract.
"""

from __future__ import annotations

from dataclasses import dataclass

from dailypapers.db.engine import Database
from dailypapers.domain.papers import Paper
from dailypapers.domain.query_terms import extract_terms
from dailypapers.domain.search import ScoredId, SearchFilters, SearchRequest, SearchResults, embedding_text
from dailypapers.search.embeddings import get_embedding
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.keyword import search_keyword
from dailypapers.services.errors import NotFound
from dailypapers.services.search import search_papers, semantic_problem
from dailypapers.store.papers import get_paper, list_papers_by_ids
from dailypapers.store.similar_papers import list_stored_similar

MAX_SIMILAR = 100


@dataclass(frozen=True, slots=True)
class SimilarPaper:
    paper: Paper
    score: float


@dataclass(frozen=True, slots=True)
class SimilarPapers:
    paper: Paper
    similar: list[SimilarPaper]
    method: str  # "semantic" or "keyword"


def list_similar_papers(db: Database, indexes: SearchIndexes, *, arxiv_id: str, limit: int) -> SimilarPapers:
    """Papers most like the given one, itself left out; raises NotFound for an unknown paper."""
    with db.reading() as connection:
        paper = get_paper(connection, arxiv_id=arxiv_id)
    if paper is None:
        raise NotFound(f"no paper {arxiv_id} is indexed here")
    return list_papers_like(db, indexes, paper=paper, limit=limit)


def list_papers_like(db: Database, indexes: SearchIndexes, *, paper: Paper, limit: int) -> SimilarPapers:
    """Papers most like a paper already read (the paper page has it), itself left out."""
    limit = max(1, min(limit, MAX_SIMILAR))
    with db.reading() as connection:
        stored = list_stored_similar(connection, paper_id=paper.id, limit=limit)
        if len(stored) == limit:
            similar = _with_papers(list_papers_by_ids(connection, paper_ids=[hit.paper_id for hit in stored]), stored)
            return SimilarPapers(paper=paper, similar=similar, method="semantic")
        vector = None
        if semantic_problem(connection, indexes.model) is None:
            vector = get_embedding(connection, paper_id=paper.id, model_id=indexes.model.model_id)
        if vector is not None:
            hits = indexes.vectors.nearest(connection, query=vector, filters=SearchFilters(), k=limit + 1)
            method = "semantic"
        else:
            terms = extract_terms(embedding_text(title=paper.title, abstract=paper.abstract))
            hits = search_keyword(
                connection, terms=terms, filters=SearchFilters(), limit=limit + 1, match="any", mirror=indexes.keyword
            )
            method = "keyword"
        hits = [hit for hit in hits if hit.paper_id != paper.id][:limit]
        similar = _with_papers(list_papers_by_ids(connection, paper_ids=[hit.paper_id for hit in hits]), hits)
    return SimilarPapers(paper=paper, similar=similar, method=method)


def find_related_work(db: Database, indexes: SearchIndexes, *, text: str, limit: int, focus: str = "") -> SearchResults:
    """Papers related to a pasted abstract or draft: a hybrid search with the whole text as the query, and with
    `focus` (the part that matters most: its method, its result) read beside it when given."""
    request = SearchRequest(text=text, focus=focus, mode="hybrid", limit=max(1, min(limit, MAX_SIMILAR)))
    return search_papers(db, indexes, request)


def _with_papers(papers: list[Paper], hits: list[ScoredId]) -> list[SimilarPaper]:
    scores = {hit.paper_id: hit.score for hit in hits}
    return [SimilarPaper(paper, scores[paper.id]) for paper in papers]
