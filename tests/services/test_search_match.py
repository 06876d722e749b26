"""A typed query's report, on each dialect: a poor match admitted, "did you mean" from the index's own words, and
about how many papers hold the words."""

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from dailypapers.db.engine import Database
from dailypapers.domain.match_quality import MatchEstimate, describe_estimate
from dailypapers.domain.search import SearchFilters, SearchRequest, SearchResults
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.keyword import count_keyword_matches
from dailypapers.search.spelling import SpellingDictionary
from dailypapers.services.indexing import index_papers, update_keyword_index
from dailypapers.services.search import search_papers
from dailypapers.store.paper_writes import upsert_papers
from tests.factories import make_record, real_records

# Forty real papers, among them video generation with diffusion models.
RECORDS = real_records()[250:290]


@pytest.fixture
def corpus(db: Database, indexes: SearchIndexes, make_paper: Callable[..., str]) -> list[str]:
    ids = [make_paper(**asdict(record)) for record in RECORDS]
    index_papers(db, indexes)
    return ids


def _search(db: Database, indexes: SearchIndexes, text: str, **request: object) -> SearchResults:
    return search_papers(db, indexes, SearchRequest(text, **request))  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["hybrid", "semantic"])
def test_nonsense_is_admitted_a_poor_match_and_its_closest_papers_kept(
    db: Database, indexes: SearchIndexes, corpus: list[str], mode: str
) -> None:
    results = _search(db, indexes, "zxqvbnm qqqq", mode=mode)
    assert results.match is not None and results.match.poor is True
    assert len(results.hits) == 20  # the closest are still shown


def test_nonsense_in_keyword_mode_matches_nothing_and_says_so(
    db: Database, indexes: SearchIndexes, corpus: list[str]
) -> None:
    results = _search(db, indexes, "zxqvbnm qqqq", mode="keyword")
    assert results.hits == []
    assert results.match is not None and results.match.poor is True
    assert results.match.estimate.count == 0


@pytest.mark.parametrize("mode", ["hybrid", "keyword", "semantic"])
def test_a_real_title_is_a_good_match(db: Database, indexes: SearchIndexes, corpus: list[str], mode: str) -> None:
    results = _search(db, indexes, RECORDS[5].title, mode=mode)
    assert results.match is not None and results.match.poor is False
    assert results.match.suggestion is None
    assert results.hits[0].paper.arxiv_id == corpus[5]


def test_a_misspelt_query_gets_the_index_s_spelling(db: Database, indexes: SearchIndexes, corpus: list[str]) -> None:
    results = _search(db, indexes, "difusion vidoe genration")
    assert results.match is not None
    assert results.match.suggestion == "diffusion video generation"
    assert _search(db, indexes, "diffusion video generation").match.suggestion is None  # type: ignore[union-attr]


def test_no_suggestion_when_the_respelt_words_find_nothing_together(
    db: Database, indexes: SearchIndexes, corpus: list[str]
) -> None:
    # "vidoe" respells as "video", but no paper holds "video" and "qqqq".
    results = _search(db, indexes, "vidoe qqqq")
    assert results.match is not None and results.match.suggestion is None


def test_the_estimate_counts_papers_holding_all_the_words_or_else_any(
    db: Database, indexes: SearchIndexes, corpus: list[str]
) -> None:
    holding = [r for r in RECORDS if "video" in f"{r.title} {r.abstract}".lower().split()]
    results = _search(db, indexes, "video", mode="keyword", limit=100)
    assert results.match is not None and results.match.estimate.all_words
    assert results.match.estimate.count == len(results.hits) >= len(holding) > 1
    either = _search(db, indexes, "video zxqvbnm", mode="keyword", limit=100).match
    assert either is not None and not either.estimate.all_words
    assert either.estimate.count == results.match.estimate.count


def test_a_pasted_abstract_gets_no_report(db: Database, indexes: SearchIndexes, corpus: list[str]) -> None:
    assert _search(db, indexes, RECORDS[0].abstract).match is None


def test_the_keyword_index_on_disk_counts_as_the_database_does(
    db: Database, indexes: SearchIndexes, corpus: list[str]
) -> None:
    update_keyword_index(db, indexes.keyword)
    for terms, require_all in ((["video", "diffusion"], True), (["video", "speech"], False)):
        with db.reading() as connection:
            on_disk = count_keyword_matches(
                connection, terms=terms, filters=SearchFilters(), require_all=require_all, mirror=indexes.keyword
            )
            in_database = count_keyword_matches(
                connection, terms=terms, filters=SearchFilters(), require_all=require_all
            )
        assert on_disk == in_database > 0


def test_the_dictionary_learns_new_words_once_stale(committed_engine: Engine) -> None:
    db = Database(committed_engine)  # the rebuild reads in its own thread, so the papers are committed

    def add(word: str) -> None:
        with db.transaction() as connection:
            record = make_record(title=f"{word} networks", abstract=f"{word} {word}.")
            upsert_papers(connection, [record], now=datetime.now(UTC))

    add("Zorblat")
    spelling = SpellingDictionary(rebuild_after_seconds=0.0)
    with db.reading() as connection:
        assert spelling.correct(db, connection, ["zorblatt"]) == ["zorblat"]
    add("Quintessa")
    with db.reading() as connection:
        assert spelling.correct(db, connection, ["quintesa"]) == ["quintesa"]  # the old dictionary answers
    spelling.join_rebuild(timeout=30)
    with db.reading() as connection:
        assert spelling.correct(db, connection, ["quintesa"]) == ["quintessa"]


def test_common_words_are_known_words_not_typos(db: Database, indexes: SearchIndexes, corpus: list[str]) -> None:
    # Stop words are left out of the search terms, not out of the language: "with" is no misspelt "width".
    with db.reading() as connection:
        assert indexes.spelling.correct(db, connection, ["video", "with", "from", "difusion"]) == [
            "video",
            "with",
            "from",
            "diffusion",
        ]


def test_an_estimate_of_nothing_says_no_paper_rather_than_about_zero() -> None:
    assert describe_estimate(MatchEstimate(count=0, all_words=False)) == "no paper holds these words"
    assert describe_estimate(MatchEstimate(count=1234, all_words=True)) == "about 1,200 papers hold all these words"
    assert describe_estimate(MatchEstimate(count=1, all_words=False)) == "about 1 paper holds any of these words"
