"""What a person typed, as an SQLite FTS5 MATCH expression: each word a quoted string, joined with OR.

Quoting every token means no user text is ever read as FTS5 syntax (NEAR, column filters, `*`, `^`, `-`, AND).
"""

from __future__ import annotations

import re

# Letters and digits in any script; everything else separates words, as FTS5's unicode61 tokenizer does.
_WORD = re.compile(r"[^\W_]+")

# Short, frequent English function words: in an OR query over an abstract they match nearly every paper and
# add only noise to BM25. Domain words ("model", "learning") are kept: IDF already discounts them.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    """.split()  # noqa: SIM905 - a word list reads better as text
)


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
