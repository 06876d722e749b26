"""Whether a search found anything that fits: the signals of one query, the poor-match verdict, the "about N"
estimate. Pure: the service measures the signals, this decides.

The thresholds were calibrated on the shipped demo corpus by `benchmarks/poor_match.py` (docs/benchmarks.md,
"Admitting a poor match"; the choice in docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dailypapers.domain.highlights import held_stems
from dailypapers.domain.query_terms import split_words, stem_word

POOR_MATCH_NOTICE = "No paper matched these words well; the closest are below."

# A paper among the keyword leg's best that holds at least this share of the query's words is a good keyword
# match; below it (nonsense holds none, random words one of three) the words found nothing that fits.
MIN_TERM_COVERAGE = 1.0
# The model's cosine similarity of the nearest paper to the query, below which it found nothing close.
MIN_COSINE = 0.45
# How many of the keyword leg's best papers are read to see how many of the query's words one of them holds.
COVERAGE_HITS = 10


@dataclass(frozen=True, slots=True)
class MatchSignals:
    """What the legs said of one query. None: that leg did not run."""

    term_coverage: float | None  # the largest share of the query's words one of the keyword leg's best holds
    best_cosine: float | None  # the semantic leg's nearest paper's cosine similarity to the query


@dataclass(frozen=True, slots=True)
class MatchEstimate:
    """About how many papers hold the query's words: all of them, or (when no paper does) any of them."""

    count: int
    all_words: bool


def is_poor_match(
    signals: MatchSignals, *, min_coverage: float = MIN_TERM_COVERAGE, min_cosine: float = MIN_COSINE
) -> bool | None:
    """True when no leg that ran found a paper that fits; None when neither leg could say."""
    verdicts = []
    if signals.term_coverage is not None:
        verdicts.append(signals.term_coverage >= min_coverage)
    if signals.best_cosine is not None:
        verdicts.append(signals.best_cosine >= min_cosine)
    if not verdicts:
        return None
    return not any(verdicts)


def term_coverage(terms: list[str], texts: Iterable[str]) -> float:
    """The largest share of `terms` that one of `texts` holds, words compared by Porter stem (as highlights are)."""
    wanted = frozenset(stem_word(term) for term in terms)
    if not wanted:
        return 0.0
    if "" in wanted:
        # A term Porter reduces to nothing (a lone "s") is held by any word that is reduced to nothing too; the
        # candidate words that held_stems looks at are found by their opening, which an empty stem lacks.
        held = [wanted & {stem_word(word) for word in split_words(text)} for text in texts]
    else:
        held = [held_stems(text, stems=wanted) for text in texts]
    return max(map(len, held), default=0) / len(wanted)


def describe_estimate(estimate: MatchEstimate) -> str:
    """The estimate as readers see it: "about 1,200 papers hold all these words", or "no paper holds these words"."""
    if estimate.count == 0:
        return "no paper holds these words"
    held = "all these words" if estimate.all_words else "any of these words"
    papers = "paper holds" if estimate.count == 1 else "papers hold"
    return f"about {round_estimate(estimate.count):,} {papers} {held}"


def round_estimate(count: int) -> int:
    """A count as "about" shows it: exact below 100, else to two significant figures (1,234 → 1,200)."""
    if count < 100:
        return count
    scale = int(10 ** (len(str(count)) - 2))
    return round(count / scale) * scale


@dataclass(frozen=True, slots=True)
class MatchReport:
    """What a typed query's results are worth: whether anything fits, about how many papers hold its words, and
    a spelling that the index knows better."""

    signals: MatchSignals
    poor: bool | None
    estimate: MatchEstimate
    suggestion: str | None = None
