"""Searching papers: keyword, semantic or both fused, filtered, sorted, paged, with highlights.

One read transaction per search. A leg that cannot run (no model, no embeddings yet) leaves the other to answer,
and the results say why.
"""

from __future__ import annotations

import threading
import time
from typing import NamedTuple

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.focus import focused_vector, summed_scores
from dailypapers.domain.fusion import Normalisation, fuse_scores
from dailypapers.domain.highlights import highlight_text, query_stems
from dailypapers.domain.query_terms import extract_terms, split_words
from dailypapers.domain.search import MAX_RESULTS, ScoredId, SearchHit, SearchRequest, SearchResults
from dailypapers.search.embedding_model import EmbeddingModel, ModelUnavailable
from dailypapers.search.embeddings import has_embeddings, list_model_ids
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.keyword import ALL_WORDS_UP_TO, search_keyword
from dailypapers.search.keyword_mirror import KeywordMirror
from dailypapers.services.metrics import record_search_leg
from dailypapers.services.search_match import assess_match
from dailypapers.store.papers import SortKeys, list_papers_by_ids, list_sort_keys, list_titles

# Each leg hands the fusion at least this many candidates, so that a paper ranked well by one leg and modestly by
# the other can still rise; newest-first and most-upvoted orders re-sort this many of the most relevant.
MIN_CANDIDATES = 100
# The fusion measured best on CSFCube's dev fold (benchmarks/csfcube.py), whose queries are sentences and whole
# papers; benchmarks/search_quality.py re-runs it through this function.
FUSION_NORMALISATION: Normalisation = "zscore"
KEYWORD_WEIGHT = 0.3
# Typed queries (as many words as the keyword leg first asks all of) often name a paper, a method or a dataset,
# which the words find better than the model does: 0.5 brings a typed title's paper first for 95% of 300 demo
# titles against 89% at 0.3 (benchmarks/known_item.py), and leaves CSFCube's title-as-query form as it is (0.476).
TYPED_KEYWORD_WEIGHT = 0.5
# A typed query of at least this many words that a title holds word for word names that paper: it comes first.
TITLE_PHRASE_MIN_WORDS = 3


class _Running:
    """How many searches this process is running at this moment (`with` one while it runs)."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        with self._lock:
            self.count += 1

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self.count -= 1


running_searches = _Running()


class _Legs(NamedTuple):
    ranked: list[ScoredId]
    notice: str | None  # why a leg could not answer
    keyword: list[ScoredId] | None = None  # each leg's own ranking; None when it did not run
    nearest: list[ScoredId] | None = None


def keyword_weight(terms: list[str]) -> float:
    """The keyword leg's share of the hybrid score for a query of these terms."""
    return TYPED_KEYWORD_WEIGHT if len(terms) <= ALL_WORDS_UP_TO else KEYWORD_WEIGHT


def search_papers(db: Database, indexes: SearchIndexes, request: SearchRequest) -> SearchResults:
    terms = extract_terms(request.text)
    wanted = request.offset + request.limit + 1  # one more than the page shows, to know whether more exist
    if wanted > MAX_RESULTS + 1:
        return SearchResults([], has_more=False, mode=request.mode)
    pool = min(max(wanted, MIN_CANDIDATES), MAX_RESULTS)
    with running_searches, db.reading() as connection:
        legs = _rank(connection, indexes, request, terms=terms, pool=pool)
        ranked, notice = legs.ranked, legs.notice
        match = assess_match(
            db, connection, indexes, request, terms=terms, keyword=legs.keyword, nearest=legs.nearest, pool=pool
        )
        if request.mode != "semantic" and not request.focus.strip():
            ranked = titles_first(connection, ranked, text=request.text, terms=terms)
        if request.sort != "relevance":
            ranked = _sorted(
                ranked, list_sort_keys(connection, paper_ids=[hit.paper_id for hit in ranked]), request.sort
            )
        page = ranked[request.offset : request.offset + request.limit]
        papers = list_papers_by_ids(connection, paper_ids=[hit.paper_id for hit in page])
    indexes.keyword.refresh_soon(db)
    scores = {hit.paper_id: hit.score for hit in page}
    # With a focus, the words that show are the focus's: the whole text's would light up most of every abstract.
    stems = query_stems(extract_terms(request.focus) if request.focus.strip() else terms)
    hits = [
        SearchHit(
            paper=paper,
            score=scores[paper.id],
            highlighted_title=highlight_text(paper.title, stems=stems),
            highlighted_summary=highlight_text(paper.abstract, stems=stems, shown=request.summary_chars),
        )
        for paper in papers
    ]
    has_more = len(ranked) > request.offset + request.limit
    return SearchResults(hits, has_more=has_more, mode=request.mode, notice=notice, match=match)


def _rank(
    connection: Connection, indexes: SearchIndexes, request: SearchRequest, *, terms: list[str], pool: int
) -> _Legs:
    model = indexes.model
    # Hybrid: the query is embedded in another thread while the keyword leg searches (the model and tantivy
    # each leave Python's lock while they work), so the slower leg sets the time instead of the sum. Only for a
    # search running alone in the process: with others running, the cores are busy anyway, and handing the work
    # to a thread and back cost more than the overlap gained (docs/decisions.md).
    texts = [request.text, request.focus] if request.focus.strip() else [request.text]
    pending = None
    semantic_started = time.perf_counter()
    alongside = model.embed_alongside and running_searches.count <= 1
    if request.mode == "hybrid" and model.available and alongside and request.text.strip():
        pending = [model.embed_query_soon(text) for text in texts]
    keyword: list[ScoredId] | None = None
    if request.mode in ("keyword", "hybrid"):
        keyword_started = time.perf_counter()
        keyword = keyword_leg(connection, request, terms=terms, pool=pool, mirror=indexes.keyword)
        record_search_leg(leg="keyword", seconds=time.perf_counter() - keyword_started)
    if request.mode == "keyword":
        return _Legs(keyword or [], None, keyword=keyword)
    notice = semantic_problem(connection, model)
    if notice is not None or not request.text.strip():
        for embedding in pending or ():
            embedding.cancel()
        return _Legs(keyword or [], notice, keyword=keyword)
    if pending is None:
        semantic_started = time.perf_counter()
    try:
        if pending is not None:
            vectors = [embedding.result() for embedding in pending]
        else:
            vectors = [model.embed_query(text) for text in texts]
    except ModelUnavailable as error:
        return _Legs(keyword or [], str(error), keyword=keyword)
    query = vectors[0] if len(vectors) == 1 else focused_vector(vectors[1], vectors[0])
    nearest = indexes.vectors.nearest(connection, query=query, filters=request.filters, k=pool)
    # From the query's embedding to its nearest vectors; in a hybrid search it overlaps the keyword leg's time.
    record_search_leg(leg="semantic", seconds=time.perf_counter() - semantic_started)
    if request.mode == "semantic" or keyword is None:
        return _Legs(nearest, None, nearest=nearest)
    fused = fuse_legs(
        keyword=keyword, semantic=nearest, keyword_complete=len(keyword) < pool, keyword_weight=keyword_weight(terms)
    )
    return _Legs(fused[:pool], None, keyword=keyword, nearest=nearest)


def keyword_leg(
    connection: Connection, request: SearchRequest, *, terms: list[str], pool: int, mirror: KeywordMirror | None
) -> list[ScoredId]:
    """The keyword leg's best `pool` papers for the request's `terms`, and for its focus when it has one."""
    whole = search_keyword(connection, terms=terms, filters=request.filters, limit=pool, mirror=mirror)
    if not request.focus.strip():
        return whole
    # A focus is a passage to weigh, not a typed query: BM25 over any of its words, added to the whole text's.
    focus = search_keyword(
        connection,
        terms=extract_terms(request.focus),
        filters=request.filters,
        limit=pool,
        match="any",
        mirror=mirror,
    )
    summed = summed_scores([(hit.paper_id, hit.score) for hit in focus], [(hit.paper_id, hit.score) for hit in whole])
    return [ScoredId(paper_id, score) for paper_id, score in summed[:pool]]


def titles_first(connection: Connection, ranked: list[ScoredId], *, text: str, terms: list[str]) -> list[ScoredId]:
    """The ranking with the papers whose title holds a typed query word for word ("attention is all you need")
    moved to the front, in their order: someone typing a title is looking for that paper, whatever the model says
    of its abstract. Queries of fewer than three words, or longer than typed ones, are left as they are."""
    words = split_words(text)
    if len(words) < TITLE_PHRASE_MIN_WORDS or len(terms) > ALL_WORDS_UP_TO or not ranked:
        return ranked
    phrase = f" {' '.join(words)} "
    longest = max(words, key=len)
    titles = list_titles(connection, paper_ids=[hit.paper_id for hit in ranked])
    # Most titles lack the query's longest word altogether: only those holding it are split into words.
    named = {
        paper_id
        for paper_id, title in titles.items()
        if longest in title.lower() and phrase in f" {' '.join(split_words(title))} "
    }
    if not named:
        return ranked
    return [hit for hit in ranked if hit.paper_id in named] + [hit for hit in ranked if hit.paper_id not in named]


def fuse_legs(
    *,
    keyword: list[ScoredId],
    semantic: list[ScoredId],
    keyword_complete: bool = False,
    keyword_weight: float = KEYWORD_WEIGHT,
) -> list[ScoredId]:
    """The hybrid ranking: z-scored BM25 and cosine, weighted `keyword_weight` and the rest (docs/benchmarks.md).

    A paper one leg did not return counts as that leg's worst returned paper, so it is neither rewarded nor
    buried for having been cut off by the leg's limit. When the keyword leg is `keyword_complete` (it returned
    every paper that matches, fewer than it was asked for), a paper it did not return matches nothing and scores
    BM25's 0: a typed title that only its own paper holds stands out however few papers the leg found.
    """
    fused = fuse_scores(
        [[(hit.paper_id, hit.score) for hit in keyword], [(hit.paper_id, hit.score) for hit in semantic]],
        weights=[keyword_weight, 1.0 - keyword_weight],
        normalisation=FUSION_NORMALISATION,
        absent=[0.0 if keyword_complete else None, None],
    )
    return [ScoredId(paper_id, score) for paper_id, score in fused]


def semantic_problem(connection: Connection, model: EmbeddingModel) -> str | None:
    """Why the semantic leg cannot answer now, or None when it can."""
    if not model.available:
        return f"semantic search is unavailable: {model.problem}"
    if has_embeddings(connection, model_id=model.model_id):
        return None
    others = list_model_ids(connection)
    if others:
        names = ", ".join(sorted(others))
        return (
            f"the stored embeddings were made by another model ({names}), not {model.model_id}: "
            "run `dailypapers index` to embed the papers again; keyword results meanwhile"
        )
    return "no paper is embedded yet: run `dailypapers index`; keyword results meanwhile"


_GONE = SortKeys(0.0, 0)  # a paper deleted since it was indexed: last, and dropped when the page is loaded


def _sorted(ranked: list[ScoredId], keys: dict[int, SortKeys], sort: str) -> list[ScoredId]:
    # Python's sort is stable: equal dates or votes keep their relevance order.
    if sort == "newest":
        return sorted(ranked, key=lambda hit: keys.get(hit.paper_id, _GONE).published_at_timestamp, reverse=True)
    return sorted(ranked, key=lambda hit: keys.get(hit.paper_id, _GONE).upvote_count, reverse=True)
