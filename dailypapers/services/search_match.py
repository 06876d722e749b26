"""What a typed query's results are worth: the signals of a poor match, about how many papers hold its words, and
a correction of its spelling from the index's own words when that finds markedly more.

Pasted texts (more words than the keyword leg first asks all of) and focused searches get no report: their words
are not meant to be found together, and "did you mean" has nothing to say to an abstract.
"""

from __future__ import annotations

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.match_quality import (
    COVERAGE_HITS,
    MatchEstimate,
    MatchReport,
    MatchSignals,
    is_poor_match,
    term_coverage,
)
from dailypapers.domain.query_terms import extract_terms, split_words
from dailypapers.domain.search import ScoredId, SearchRequest
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.keyword import ALL_WORDS_UP_TO, count_keyword_matches
from dailypapers.store.papers import list_paper_texts

# A correction is offered when the corrected words are all in at least this many times as many papers as the
# typed ones (and in one at least): a typo that happens to sit in one paper still gets its correction.
MARKEDLY_MORE = 10


def assess_match(
    db: Database,
    connection: Connection,
    indexes: SearchIndexes,
    request: SearchRequest,
    *,
    terms: list[str],
    keyword: list[ScoredId] | None,
    nearest: list[ScoredId] | None,
    pool: int,
) -> MatchReport | None:
    """The report on a typed query whose legs returned `keyword` and `nearest` (None: that leg did not run)."""
    if not terms or len(terms) > ALL_WORDS_UP_TO or request.focus.strip():
        return None
    coverage = None
    if keyword is not None:
        texts = list_paper_texts(connection, paper_ids=[hit.paper_id for hit in keyword[:COVERAGE_HITS]])
        coverage = term_coverage(terms, texts)
    signals = MatchSignals(term_coverage=coverage, best_cosine=nearest[0].score if nearest else None)
    poor = is_poor_match(signals)
    estimate = estimate_matches(connection, indexes, request, terms=terms, keyword=keyword, pool=pool)
    suggestion = None
    if poor or not estimate.all_words:
        suggestion = suggest_spelling(db, connection, indexes, request, estimate=estimate)
    return MatchReport(signals=signals, poor=poor, estimate=estimate, suggestion=suggestion)


def estimate_matches(
    connection: Connection,
    indexes: SearchIndexes,
    request: SearchRequest,
    *,
    terms: list[str],
    keyword: list[ScoredId] | None,
    pool: int,
) -> MatchEstimate:
    """How many papers hold all the words, or any of them when none holds all, as the keyword leg matches."""
    count = count_keyword_matches(
        connection, terms=terms, filters=request.filters, require_all=True, mirror=indexes.keyword
    )
    if count or len(terms) == 1:
        return MatchEstimate(count, all_words=True)
    if keyword is not None and len(keyword) < pool:
        return MatchEstimate(len(keyword), all_words=False)  # the leg returned every paper holding any word
    count = count_keyword_matches(
        connection, terms=terms, filters=request.filters, require_all=False, mirror=indexes.keyword
    )
    return MatchEstimate(count, all_words=False)


def suggest_spelling(
    db: Database, connection: Connection, indexes: SearchIndexes, request: SearchRequest, *, estimate: MatchEstimate
) -> str | None:
    """The query respelt from the index's words, when that changes a word and markedly more papers hold all of the
    corrected words than of the typed ones."""
    words = split_words(request.text)
    corrected = indexes.spelling.correct(db, connection, words)
    if corrected == words:
        return None
    count = count_keyword_matches(
        connection,
        terms=extract_terms(" ".join(corrected)),
        filters=request.filters,
        require_all=True,
        mirror=indexes.keyword,
    )
    typed = estimate.count if estimate.all_words else 0
    return " ".join(corrected) if count >= max(1, MARKEDLY_MORE * typed) else None
