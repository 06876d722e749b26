"""The keyword index's dialect-specific tables (FTS5 on SQLite, BM25 postings on PostgreSQL) follow the papers
through insert, update and delete, kept by the triggers of their migration."""

from collections.abc import Callable

import pytest
from sqlalchemy import Connection, delete, text, update

from dailypapers.db.engine import Database
from dailypapers.db.schema import papers
from dailypapers.domain.query_terms import extract_terms
from dailypapers.domain.search import SearchFilters
from dailypapers.search.keyword import search_keyword


def _found(connection: Connection, words: str) -> set[int]:
    hits = search_keyword(connection, terms=extract_terms(words), filters=SearchFilters(), limit=100)
    return {hit.paper_id for hit in hits}


def _paper_id(connection: Connection, arxiv_id: str) -> int:
    return int(connection.execute(text("SELECT id FROM papers WHERE arxiv_id = :a"), {"a": arxiv_id}).scalar_one())


def _check_consistent(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text("INSERT INTO paper_fts (paper_fts) VALUES ('integrity-check')"))
        return
    # The maintained counts equal counts recomputed from the postings.
    drift = connection.execute(
        text(
            "SELECT count(*) FROM search_terms t FULL JOIN (SELECT term, count(*) AS n FROM search_postings "
            "GROUP BY term) p USING (term) WHERE coalesce(t.document_count, 0) <> coalesce(p.n, 0)"
        )
    ).scalar_one()
    corpus = connection.execute(text("SELECT document_count, total_length FROM search_corpus")).one()
    actual = connection.execute(text("SELECT count(*), coalesce(sum(length), 0) FROM search_documents")).one()
    assert drift == 0 and tuple(corpus) == tuple(actual)


def test_inserted_papers_are_found_at_once(db: Database, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(title="Quasicrystal tilings", abstract="Aperiodic order in tilings.")
    with db.reading() as connection:
        assert _found(connection, "quasicrystal") == {_paper_id(connection, arxiv_id)}
        assert _found(connection, "aperiodic") == {_paper_id(connection, arxiv_id)}
        _check_consistent(connection)


def test_updated_text_replaces_the_old_words(db: Database, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(title="Quasicrystal tilings", abstract="Aperiodic order in tilings.")
    with db.transaction() as connection:
        connection.execute(update(papers).where(papers.c.arxiv_id == arxiv_id).values(title="Penrose rhombs"))
        connection.execute(update(papers).where(papers.c.arxiv_id == arxiv_id).values(upvote_count=3))
    with db.reading() as connection:
        assert _found(connection, "quasicrystal") == set()
        assert _found(connection, "penrose") == {_paper_id(connection, arxiv_id)}
        assert _found(connection, "aperiodic") == {_paper_id(connection, arxiv_id)}
        _check_consistent(connection)


def test_deleted_papers_leave_the_index(db: Database, make_paper: Callable[..., str]) -> None:
    keep = make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    gone = make_paper(title="Quasicrystal growth", abstract="Aperiodic crystals grow.")
    with db.transaction() as connection:
        connection.execute(delete(papers).where(papers.c.arxiv_id == gone))
    with db.reading() as connection:
        assert _found(connection, "quasicrystal aperiodic") == {_paper_id(connection, keep)}
        _check_consistent(connection)


def test_title_words_weigh_more_than_abstract_words(db: Database, make_paper: Callable[..., str]) -> None:
    in_title = make_paper(title="Quasicrystal tilings", abstract="We study aperiodic order in the plane today.")
    in_abstract = make_paper(title="Aperiodic order", abstract="We study quasicrystal tilings in the plane today.")
    with db.reading() as connection:
        hits = search_keyword(connection, terms=["quasicrystal"], filters=SearchFilters(), limit=2)
        assert [hit.paper_id for hit in hits] == [_paper_id(connection, in_title), _paper_id(connection, in_abstract)]


def test_short_queries_want_every_word_and_fall_back_to_any(db: Database, make_paper: Callable[..., str]) -> None:
    both = make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    one = make_paper(title="Quasicrystal growth", abstract="Crystals grow.")
    with db.reading() as connection:
        assert _found(connection, "quasicrystal aperiodic") == {_paper_id(connection, both)}
        assert _found(connection, "quasicrystal unicorn") == {_paper_id(connection, both), _paper_id(connection, one)}


def test_typed_titles_of_up_to_twelve_words_want_every_word(db: Database, make_paper: Callable[..., str]) -> None:
    words = (
        "sparse quasicrystal tilings grow aperiodic order under strain from random seeds on cubic hexagonal lattices"
    )
    whole = make_paper(title=words, abstract="A study.")
    part = make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    with db.reading() as connection:
        twelve = extract_terms(words)
        assert len(twelve) == 12
        assert _found(connection, " ".join(twelve)) == {_paper_id(connection, whole)}
        # Thirteen words read as a pasted text: any of them will do.
        assert _found(connection, words + " cells") == {_paper_id(connection, whole), _paper_id(connection, part)}


def test_match_modes_say_all_or_any(db: Database, make_paper: Callable[..., str]) -> None:
    both = make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    one = make_paper(title="Quasicrystal growth", abstract="Crystals grow.")
    with db.reading() as connection:
        terms = extract_terms("quasicrystal aperiodic")

        def found(match: str) -> set[int]:
            hits = search_keyword(connection, terms=terms, filters=SearchFilters(), limit=10, match=match)  # type: ignore[arg-type]
            return {hit.paper_id for hit in hits}

        assert found("any") == {_paper_id(connection, both), _paper_id(connection, one)}
        assert found("all") == found("auto") == {_paper_id(connection, both)}
        assert (
            search_keyword(
                connection, terms=["unicorn", "quasicrystal"], filters=SearchFilters(), limit=10, match="all"
            )
            == []
        )


def test_words_most_papers_hold_add_nothing_to_an_any_word_query(db: Database, make_paper: Callable[..., str]) -> None:
    rare = make_paper(title="Quasicrystal models", abstract="A model of tilings.")
    common = [make_paper(title=f"Model number {n}", abstract="Another model.") for n in range(3)]
    with db.reading() as connection:

        def scores(words: str) -> dict[int, float]:
            hits = search_keyword(
                connection, terms=extract_terms(words), filters=SearchFilters(), limit=10, match="any"
            )
            return {hit.paper_id: hit.score for hit in hits}

        with_common, alone = scores("quasicrystal model"), scores("quasicrystal")
        rare_id = _paper_id(connection, rare)
        # "model" is in every paper: its idf is floored at 1e-6 on both dialects, so it leaves the score as it is.
        assert with_common[rare_id] == pytest.approx(alone[rare_id], abs=1e-5)
        common_ids = {_paper_id(connection, arxiv_id) for arxiv_id in common}
        if connection.dialect.name == "postgresql":
            # PostgreSQL leaves the word out, and with it the papers that hold nothing else.
            assert set(with_common) == {rare_id}
        else:
            assert set(with_common) == {rare_id} | common_ids
            assert all(with_common[paper_id] < 1e-5 for paper_id in common_ids)
        # A query of nothing but such words still finds the papers that hold them.
        assert set(scores("model")) == {rare_id} | common_ids
