"""The keyword leg: BM25 over titles and abstracts, the title weighted above the abstract.

SQLite ranks with FTS5's bm25(); PostgreSQL with the same formula over the postings its triggers maintain (see
the keyword-index migration). The user's words arrive as a list of plain terms (letters and digits): SQLite gets
them as quoted FTS5 strings, PostgreSQL as the argument of to_tsvector, which has no query syntax at all.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Integer,
    Select,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from dailypapers.db.schema import papers
from dailypapers.domain.query_terms import build_fts5_match
from dailypapers.domain.search import ScoredId, SearchFilters
from dailypapers.search.filters import filter_conditions
from dailypapers.search.keyword_changes import read_keyword_state
from dailypapers.search.keyword_mirror import KeywordMirror

log = logging.getLogger(__name__)

KeywordMatch = Literal["auto", "all", "any"]

TITLE_WEIGHT = 2.0
ABSTRACT_WEIGHT = 1.0
# A query of up to this many words (what people type) first asks for papers holding all of them, and takes the
# words one by one (OR) only when none does. FTS5 scores every paper an OR query matches, and with common words
# ("large language models") that is most of the corpus: 30-55 ms at 75k papers for 7 to 12 title words against
# 2-4 ms for the AND, which finds the paper a title's words come from as well (benchmarks/search_speed.py).
# Longer queries (pasted abstracts, similar papers) always use OR, which is what CSFCube measures.
ALL_WORDS_UP_TO = 12
# BM25's constants, as FTS5 fixes them.
K1 = 1.2
B = 0.75

_paper_fts = table("paper_fts", column("rowid", Integer))

# Term frequency is the weighted sum over fields and the length is the whole document's, as in FTS5's bm25().
# The IDF is FTS5's too: log((N - n + 0.5) / (n + 0.5)), floored at 1e-6 for terms in most documents.
_POSTGRES_BM25 = """
    WITH corpus AS (
        SELECT greatest(document_count, 1) AS n,
               greatest(total_length, 1)::float8 / greatest(document_count, 1) AS avgdl
        FROM search_corpus
    ), known_terms AS (
        SELECT t.term, ln((c.n - t.document_count + 0.5) / (t.document_count + 0.5)) AS raw_idf
        FROM search_terms AS t, corpus AS c
        WHERE t.term = ANY(ARRAY(SELECT lexeme FROM unnest(to_tsvector('english', :terms))))
          AND t.document_count > 0
    ), query_terms AS (
        SELECT term, greatest(raw_idf, 1e-6) AS idf FROM known_terms WHERE {keep}
    )
    SELECT p.paper_id, sum(
        q.idf * (:title_weight * p.title_frequency + :abstract_weight * p.abstract_frequency) * (:k1 + 1)
        / ((:title_weight * p.title_frequency + :abstract_weight * p.abstract_frequency)
           + :k1 * (1 - :b + :b * p.document_length / c.avgdl))
    ) AS score
    FROM search_postings AS p JOIN query_terms AS q ON q.term = p.term CROSS JOIN corpus AS c
    {candidates}
    GROUP BY p.paper_id
"""
# Any-word queries leave out the words that more than half the papers hold, unless every word is such: their idf
# is floored at 1e-6, so they add nothing to a score, and theirs are the longest postings to sum (a pasted
# abstract's "model", "results", "propose"). Only papers holding nothing but those words drop out, from the bottom.
_POSTGRES_SCORES = text(
    _POSTGRES_BM25.format(
        keep="raw_idf > 1e-6 OR NOT EXISTS (SELECT 1 FROM known_terms WHERE raw_idf > 1e-6)", candidates=""
    )
).columns(column("paper_id", Integer), column("score", Float))
# Papers holding every query word: the words known to the corpus must all be there, and an unknown one rules out
# every paper, as in an FTS5 AND query.
# Only papers holding the rarest word can hold them all: starting from its postings keeps the sum to a few rows
# per candidate instead of every posting of every common word.
_POSTGRES_ALL_SCORES = text(
    _POSTGRES_BM25.format(  # noqa: S608 - constants only; user text arrives as the bound :terms
        keep="true",
        candidates="""WHERE p.paper_id IN (
        SELECT r.paper_id FROM search_postings AS r
        WHERE r.term = (SELECT term FROM query_terms ORDER BY idf DESC, term LIMIT 1)
    )""",
    )
    + """    HAVING count(*) = (SELECT count(DISTINCT lexeme) FROM unnest(to_tsvector('english', :terms)))
    """
).columns(column("paper_id", Integer), column("score", Float))


def search_keyword(
    connection: Connection,
    *,
    terms: list[str],
    filters: SearchFilters,
    limit: int,
    title_weight: float = TITLE_WEIGHT,
    abstract_weight: float = ABSTRACT_WEIGHT,
    match: KeywordMatch = "auto",
    mirror: KeywordMirror | None = None,
) -> list[ScoredId]:
    """The best `limit` papers for `terms`, best first; scores are BM25 (higher is better). `match`: "all" finds
    only papers holding every term, "any" papers holding any of them (a paper's words as the query of similar
    papers), "auto" all of a short query's terms and any when no paper holds them all, any of a long one's.
    The on-disk `mirror` answers instead of the database when it is current and nothing is filtered."""
    if not terms or limit <= 0:
        return []
    build = _sqlite_query if connection.dialect.name == "sqlite" else _postgres_query
    # The mirror bakes in the default field weights (the title indexed twice).
    use_mirror = (title_weight, abstract_weight) == (TITLE_WEIGHT, ABSTRACT_WEIGHT) and _mirror_serves(
        connection, mirror, filters
    )

    def ask(require_all: bool) -> list[ScoredId]:
        if mirror is not None and use_mirror:
            try:
                return mirror.search(terms, limit=limit, require_all=require_all)
            except (ValueError, OSError) as error:
                log.warning("the keyword index failed (%s): searching the database", error)
        return _run(connection, build(terms, filters, limit, title_weight, abstract_weight, require_all=require_all))

    if match == "all" or (match == "auto" and len(terms) <= ALL_WORDS_UP_TO):
        hits = ask(True)
        if hits or match == "all":
            return hits
    return ask(False)


def count_keyword_matches(
    connection: Connection,
    *,
    terms: list[str],
    filters: SearchFilters,
    require_all: bool,
    mirror: KeywordMirror | None = None,
) -> int:
    """How many papers hold all of `terms` (`require_all`) or any of them, as the keyword leg matches them."""
    if not terms:
        return 0
    if mirror is not None and _mirror_serves(connection, mirror, filters):
        try:
            return mirror.count(terms, require_all=require_all)
        except (ValueError, OSError) as error:
            log.warning("the keyword index failed (%s): counting in the database", error)
    build = _sqlite_query if connection.dialect.name == "sqlite" else _postgres_query
    matches = build(terms, filters, None, TITLE_WEIGHT, ABSTRACT_WEIGHT, require_all=require_all)
    counted = select(func.count()).select_from(matches.order_by(None).subquery())
    return int(connection.execute(counted).scalar_one())


def _mirror_serves(connection: Connection, mirror: KeywordMirror | None, filters: SearchFilters) -> bool:
    return (
        mirror is not None
        and not filter_conditions(filters)
        and mirror.exists()
        and mirror.serves(read_keyword_state(connection))
    )


def _run(connection: Connection, query: Select[Any]) -> list[ScoredId]:
    return [ScoredId(int(row[0]), float(row[1])) for row in connection.execute(query)]


def _sqlite_query(
    terms: list[str],
    filters: SearchFilters,
    limit: int | None,
    title_weight: float,
    abstract_weight: float,
    *,
    require_all: bool,
) -> Select[Any]:
    fts: ColumnElement[Any] = literal_column("paper_fts")
    # bm25() is lower-is-better; negated so that both dialects answer higher-is-better.
    score = (-func.bm25(fts, title_weight, abstract_weight)).label("score")
    query = (
        select(_paper_fts.c.rowid, score)
        .select_from(_paper_fts)
        .where(fts.op("MATCH")(build_fts5_match(terms, operator="AND" if require_all else "OR")))
    )
    conditions = filter_conditions(filters)
    if conditions:
        query = query.join(papers, papers.c.id == _paper_fts.c.rowid).where(*conditions)
    return query.order_by(score.desc(), _paper_fts.c.rowid).limit(limit)


def _postgres_query(
    terms: list[str],
    filters: SearchFilters,
    limit: int | None,
    title_weight: float,
    abstract_weight: float,
    *,
    require_all: bool,
) -> Select[Any]:
    statement = _POSTGRES_ALL_SCORES if require_all else _POSTGRES_SCORES
    scores = statement.bindparams(
        terms=" ".join(terms), title_weight=title_weight, abstract_weight=abstract_weight, k1=K1, b=B
    ).subquery("scores")
    query = select(scores.c.paper_id, scores.c.score)
    conditions = filter_conditions(filters)
    if conditions:
        query = query.join(papers, papers.c.id == scores.c.paper_id).where(*conditions)
    return query.order_by(scores.c.score.desc(), scores.c.paper_id).limit(limit)
