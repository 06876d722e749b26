"""User text becomes a safe FTS5 OR query: run against a real SQLite FTS5 table."""

from __future__ import annotations

import sqlite3

import pytest

from dailypapers.search.fts_query import build_match_query, quote_fts_string, tokenise_query

PAPERS = [
    ("Graph neural networks for molecules", "We predict molecular properties with message passing."),
    ("Diffusion models", "Denoising diffusion for image synthesis; NEAR-duplicate detection."),
    ("图神经网络", "A title in Chinese."),
]


@pytest.fixture
def fts():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE papers USING fts5(title, abstract, tokenize='porter unicode61')")
    db.executemany("INSERT INTO papers(title, abstract) VALUES (?, ?)", PAPERS)
    yield db
    db.close()


def search(db, text):
    query = build_match_query(text)
    if query is None:
        return []
    rows = db.execute(
        "SELECT title FROM papers WHERE papers MATCH ? ORDER BY bm25(papers, 2.0, 1.0)", (query,)
    ).fetchall()
    return [title for (title,) in rows]


@pytest.mark.parametrize(
    "text",
    [
        'graph "neural',
        "NEAR(graph diffusion)",
        "title:diffusion",
        "-graph",
        "diff*",
        "^graph",
        "graph AND NOT diffusion",
        "(graph OR",
        "{title abstract}: graph",
        "graph + diffusion",
        "'; DROP TABLE papers; --",
    ],
)
def test_fts5_syntax_in_user_text_is_searched_as_words(fts, text):
    search(fts, text)  # would raise sqlite3.OperationalError if any of it reached FTS5 as syntax


def test_words_match_any_paper_that_has_one_of_them(fts):
    assert set(search(fts, "graph diffusion")) == {"Graph neural networks for molecules", "Diffusion models"}


def test_operator_words_are_plain_words(fts):
    assert search(fts, "NEAR") == ["Diffusion models"]


def test_porter_stemming_applies_to_quoted_words(fts):
    assert search(fts, "molecule network") == ["Graph neural networks for molecules"]


def test_non_latin_words_are_searched(fts):
    assert search(fts, "图神经网络") == ["图神经网络"]


def test_stop_words_are_dropped_unless_nothing_else_is_left():
    assert tokenise_query("The graphs of the networks") == ["graphs", "networks"]
    assert build_match_query("the who") == '"the" OR "who"'


def test_repeated_words_are_searched_once():
    assert build_match_query("Graph graph GRAPH") == '"graph"'


@pytest.mark.parametrize("text", ["", "   ", "?!-- ()", "___"])
def test_text_without_words_gives_no_query(text):
    assert build_match_query(text) is None


def test_a_quote_inside_a_string_is_doubled():
    assert quote_fts_string('say "hi"') == '"say ""hi"""'
