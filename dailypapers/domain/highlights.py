"""Highlighting: split a title or abstract into plain and highlighted runs where its words match the query.

Computed in Python from the query's stems rather than by the database, so SQLite and PostgreSQL mark the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from dailypapers.domain.query_terms import stem_word


@dataclass(frozen=True, slots=True)
class Segment:
    type: Literal["text", "highlight"]
    text: str


def highlight_text(text: str, *, stems: frozenset[str], shown: int | None = None) -> list[Segment]:
    """`text` cut into runs; words whose stem is in `stems` are highlights. Adjacent plain text is merged.

    `shown`: only the first that many characters will be shown (a result card's excerpt), so the runs stop just
    past them: at the end of the word that straddles the mark, and one character more, so that a reader of the runs
    still sees there is more. Up to that point they are the whole text's runs.
    """
    if shown is not None:
        text = text[: _end_of_word(text, min(shown, len(text))) + 1]
    if not stems or not text:
        return [Segment("text", text)] if text else []
    segments: list[Segment] = []
    plain_start = 0
    for match in _candidates(stems).finditer(text):
        word = match.group()
        if stem_word(word) not in stems:
            continue
        if match.start() > plain_start:
            segments.append(Segment("text", text[plain_start : match.start()]))
        segments.append(Segment("highlight", match.group()))
        plain_start = match.end()
    if plain_start < len(text):
        segments.append(Segment("text", text[plain_start:]))
    return segments


def held_stems(text: str, *, stems: frozenset[str]) -> frozenset[str]:
    """Those of `stems` that a word of `text` has, found as highlights find them: the words that may share a stem
    with the query (few in an abstract) are stemmed, not every word. `stems` holds no empty stem."""
    if not stems or not text:
        return frozenset()
    return frozenset(stem_word(match.group()) for match in _candidates(stems).finditer(text)) & stems


_WORD_REST = re.compile(r"[^\W_]*")


def _end_of_word(text: str, position: int) -> int:
    """Where the word that `position` is in ends (`position` itself between words)."""
    rest = _WORD_REST.match(text, position)
    return rest.end() if rest else position


@lru_cache(maxsize=256)
def _candidates(stems: frozenset[str]) -> re.Pattern[str]:
    """Words that may share a stem with the query: those opening with a stem less its last letter.

    Porter rewrites only a word's ending (its last change, y to i, is at the end of the stem), so every word with
    a given stem opens with the stem less its last letter. Letting the regex engine find those words, and
    stemming only them, took highlighting from a quarter of the search time to a sliver.
    """
    openings = sorted({stem[:-1] or stem for stem in stems}, key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, openings)) + r")[^\W_]*", re.IGNORECASE)


def query_stems(terms: list[str]) -> frozenset[str]:
    """The stems to highlight; a word Porter reduces to nothing (a lone "s") highlights nothing."""
    return frozenset(stem for stem in map(stem_word, terms) if stem)
