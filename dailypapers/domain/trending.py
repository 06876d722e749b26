"""The trending score: a time-decayed sum of upvotes, comments and a code bonus (docs/trending.md).

score(now) = Σ w_e · 2^(−(now − t_e)/h). Ranking by it equals ranking by K = Σ w_e · e^((t_e − t0)/τ), τ = h/ln 2,
which moves only when an event happens. K itself would overflow a float within a few years of t0, so rows keep
its natural logarithm, the *trending key*, and events move it by log-add / log-subtract (see store/trending_writes.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

HALF_LIFE = timedelta(hours=24)
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)  # t0: any fixed time; keys are relative to it
VOTE_WEIGHT = 1.0
COMMENT_WEIGHT = 0.5
STAR_WEIGHT = 2.0  # per factor of ten in GitHub stars, counted when the paper joined the list
TAU_SECONDS = HALF_LIFE.total_seconds() / math.log(2)

# Past this many e-folds apart, the smaller of two terms is below a double's precision beside the larger.
NEGLIGIBLE_GAP = 40.0
# A key this close to the term being removed held nothing else worth keeping: the sum is empty.
EMPTY_GAP = 1e-9


@dataclass(frozen=True, slots=True)
class Contribution:
    """One line of "why is this here": what happened, how much weight it carried, what it adds now."""

    label: str
    count: int
    points: float


@dataclass(frozen=True, slots=True)
class Explanation:
    score: float
    contributions: tuple[Contribution, ...]


def time_exponent(at: datetime) -> float:
    """(t − t0)/τ: the exponent of time in K's terms."""
    return (at - EPOCH).total_seconds() / TAU_SECONDS


def event_key(*, at: datetime, weight: float) -> float:
    """ln(w · e^((t − t0)/τ)): the term one event adds to a paper's trending key."""
    return math.log(weight) + time_exponent(at)


def code_bonus(stars: int | None) -> float:
    return STAR_WEIGHT * math.log10(1 + stars) if stars and stars > 0 else 0.0


def base_key(*, imported_upvotes: int, stars: int | None, joined_at: datetime | None) -> float | None:
    """The term for what a paper brought when it joined the list: imported upvotes and its code, at that time."""
    weight = imported_upvotes * VOTE_WEIGHT + code_bonus(stars)
    if joined_at is None or weight <= 0:
        return None
    return event_key(at=joined_at, weight=weight)


def score_at(key: float | None, *, at: datetime) -> float:
    """The score a trending key means at time `at`, in upvotes cast at that moment."""
    if key is None:
        return 0.0
    exponent = key - time_exponent(at)
    return math.exp(exponent) if exponent > -700 else 0.0


def decay(*, event_at: datetime, at: datetime) -> float:
    """2^(−age/h): how much of its weight an event still carries at `at`."""
    return math.pow(0.5, (at - event_at) / HALF_LIFE)


def log_add(key: float | None, term: float | None) -> float | None:
    """ln(e^key + e^term), None meaning an empty sum: what the SQL of store/trending_writes.py computes."""
    if key is None or term is None:
        return term if key is None else key
    gap = abs(key - term)
    return max(key, term) + (math.log1p(math.exp(-gap)) if gap <= NEGLIGIBLE_GAP else 0.0)


def log_subtract(key: float | None, term: float) -> float | None:
    """ln(e^key − e^term), for an event withdrawn; None once nothing is left."""
    if key is None or key - term <= EMPTY_GAP:
        return None
    gap = key - term
    return key + (math.log(-math.expm1(-gap)) if gap <= NEGLIGIBLE_GAP else 0.0)
