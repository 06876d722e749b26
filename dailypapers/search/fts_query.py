"""What a person typed, as an SQLite FTS5 MATCH expression: each word a quoted string, joined with OR.

Quoting every token means no user text is ever read as FTS5 syntax (NEAR, column filters, `*`, `^`, `-`, AND).
"""

from __future__ import annotations

import re

from dailypapers.domain.query_terms import STOP_WORDS

# The split and the stop words are the product's (domain/query_terms.py), so this benchmark path and search agree.
_WORD = re.compile(r"[^\W_]+")


def tokenise_query(text: str, *, drop_stop_words: bool = True) -> list[str]:
    """The words of `text`, lower-cased, each once, in order of first appearance."""
    words = dict.fromkeys(word.lower() for word in _WORD.findall(text))
    return [word for word in words if not (drop_stop_words and word in STOP_WORDS)]


def build_match_query(text: str, *, drop_stop_words: bool = True) -> str | None:
    """An FTS5 expression matching any word of `text`, or None when it has no word to search for."""
    words = tokenise_query(text, drop_stop_words=drop_stop_words)
    if not words and drop_stop_words:
        # A query made only of stop words ("the who") still deserves an answer.
        words = tokenise_query(text, drop_stop_words=False)
    if not words:
        return None
    return " OR ".join(quote_fts_string(word) for word in words)


def quote_fts_string(word: str) -> str:
    """An FTS5 string literal: double quotes around, inner double quotes doubled."""
    return '"' + word.replace('"', '""') + '"'
