"""Turning what a user typed into search terms: words, minus stop words, stemmed as the keyword index stems.

The terms are plain words (letters and digits only), so nothing a user types can act as index query syntax.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Literal

import snowballstemmer

# Letters and digits only: the same split as SQLite's unicode61 tokenizer, which treats `_`, `-`, `*`, `"` and
# every other punctuation mark as a separator.
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 64  # a pasted abstract has ~100 distinct words; more adds time, not ranking quality

# Common English function words. Dropping them keeps OR queries from touching most of the index for words that
# carry no meaning; BM25 would give them almost no weight anyway.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself yourselves
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def split_words(text: str) -> list[str]:
    """The words of a text, lower-cased, in order."""
    return [match.group().lower() for match in _WORD.finditer(text)]


def extract_terms(text: str, *, limit: int = MAX_TERMS) -> list[str]:
    """The distinct meaningful words of a query, in order of first appearance, at most `limit` of them.

    A query made only of stop words ("the who") keeps them: it still deserves an answer.
    """
    words = list(dict.fromkeys(split_words(text)))
    terms = [word for word in words if word not in STOP_WORDS] or words
    return terms[:limit]


def stem_word(word: str) -> str:
    """Porter's stem, as SQLite FTS5's `porter` tokenizer computes it, so highlights agree with matches."""
    return _stem_cached(word.lower())


@lru_cache(maxsize=65536)
def _stem_cached(word: str) -> str:
    return str(_stemmer().stemWord(word))


# One stemmer per thread: a stemmer keeps the word it is working on in itself, so two web threads sharing one
# corrupted each other's words (IndexError, a 500 on search, under load).
_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    stemmer: snowballstemmer.stemmer | None = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("porter")
    return stemmer


def build_fts5_match(terms: list[str], *, operator: Literal["OR", "AND"] = "OR") -> str:
    """An FTS5 MATCH expression that finds any (OR) or all (AND) of the terms, each a quoted string.

    Quoting makes every term a literal; doubling `"` is FTS5's escape, kept although terms hold no quotes.
    """
    return f" {operator} ".join('"' + term.replace('"', '""') + '"' for term in terms)
