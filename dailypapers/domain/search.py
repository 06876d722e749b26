"""What a search asks for and what it returns: modes, filters, sort orders, hits with their highlights."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from dailypapers.domain.highlights import Segment
from dailypapers.domain.match_quality import MatchReport
from dailypapers.domain.papers import Paper

SearchMode = Literal["hybrid", "keyword", "semantic"]
SearchSort = Literal["relevance", "newest", "upvotes"]
SEARCH_MODES: tuple[SearchMode, ...] = ("hybrid", "keyword", "semantic")
SEARCH_SORTS: tuple[SearchSort, ...] = ("relevance", "newest", "upvotes")
MAX_LIMIT = 120
# Relevance decides which papers are results at all; `newest` and `upvotes` re-order this many of the most
# relevant. Past it, results would be papers that merely share a common word with the query.
MAX_RESULTS = 1000


@dataclass(frozen=True, slots=True)
class SearchFilters:
    published_from: date | None = None
    published_to: date | None = None
    category: str | None = None
    has_code: bool | None = None
    daily_only: bool = False
    # Only papers on a daily list of a day in [listed_from, listed_until): a digest's period.
    listed_from: date | None = None
    listed_until: date | None = None


@dataclass(frozen=True, slots=True)
class SearchRequest:
    text: str
    mode: SearchMode = "hybrid"
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: SearchSort = "relevance"
    limit: int = 20
    offset: int = 0
    # The passage of `text` that matters most ("find related work" for a method or a result): both legs read it
    # beside the whole text (domain/focus.py). Empty: the text alone.
    focus: str = ""
    # How much of each abstract the caller shows (a page's excerpt): highlights stop just past it. None: the whole
    # abstract, as the API returns it.
    summary_chars: int | None = None


@dataclass(frozen=True, slots=True)
class ScoredId:
    """A paper id with the score one leg gave it (higher is better)."""

    paper_id: int
    score: float


@dataclass(frozen=True, slots=True)
class SearchHit:
    paper: Paper
    score: float
    highlighted_title: list[Segment]
    highlighted_summary: list[Segment]


@dataclass(frozen=True, slots=True)
class SearchResults:
    hits: list[SearchHit]
    has_more: bool
    mode: SearchMode
    # Set when a leg could not run (no embeddings yet, model missing): the results come from the other leg.
    notice: str | None = None
    # For a typed query (not a pasted text): whether anything fits, about how many papers match, "did you mean".
    match: MatchReport | None = None


def embedding_text(*, title: str, abstract: str) -> str:
    """What the semantic model reads for a paper: its title, then its abstract (the model truncates)."""
    return f"{title}. {abstract}"


def content_hash(*, model_id: str, text: str) -> str:
    """Identifies an embedding's input: a paper is embedded again when its text or the model changes."""
    return hashlib.sha256(f"{model_id}\n{text}".encode()).hexdigest()
