"""Highlighting: split a title or abstract into plain and highlighted runs where its words match the query.

Computed in Python from the query's stems rather than by the database, so SQLite and PostgreSQL mark the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dailypapers.domain.query_terms import stem_word

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Segment:
    type: Literal["text", "highlight"]
    text: str


def highlight_text(text: str, *, stems: frozenset[str]) -> list[Segment]:
    """`text` cut into runs; words whose stem is in `stems` are highlights. Adjacent plain text is merged."""
    if not stems or not text:
        return [Segment("text", text)] if text else []
    # Porter rewrites endings only, so a word can share a stem only with stems that share its first two letters:
    # checking that first saves stemming nearly every word of an abstract (which dominated search time).
    openings = {stem[:2] for stem in stems}
    segments: list[Segment] = []
    plain_start = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word[:2].lower() not in openings or stem_word(word) not in stems:
            continue
        if match.start() > plain_start:
            segments.append(Segment("text", text[plain_start : match.start()]))
        segments.append(Segment("highlight", match.group()))
        plain_start = match.end()
    if plain_start < len(text):
        segments.append(Segment("text", text[plain_start:]))
    return segments


def query_stems(terms: list[str]) -> frozenset[str]:
    return frozenset(stem_word(term) for term in terms)
