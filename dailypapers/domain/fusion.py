"""Fusing rankings of one corpus (say a keyword and a semantic leg) into one: reciprocal-rank or score fusion.

A ranking is a sequence of (id, score) pairs, higher better (negate SQLite's bm25(), which is lower-better).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Literal, TypeVar

Id = TypeVar("Id", bound=Hashable)
Ranking = Sequence[tuple[Id, float]]
Normalisation = Literal["zscore", "minmax"]

# The constant of Cormack, Clarke & Büttcher (SIGIR 2009); it damps the weight of the very first ranks.
RRF_K = 60.0


def fuse_reciprocal_rank(
    rankings: Sequence[Ranking[Id]], *, k: float = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[Id, float]]:
    """Score each id by the sum over rankings of weight / (k + rank), ranks from 1; best first.

    Only the order within each ranking counts, so legs with incomparable scores need no calibration. An id
    absent from a ranking gets nothing from it. Ties keep the order in which ids first appear.
    """
    weights = _check_weights(rankings, weights)
    fused: dict[Id, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        ordered = sorted(_unique(ranking), key=lambda pair: -pair[1])
        for rank, (item, _score) in enumerate(ordered, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return _best_first(fused)


def fuse_scores(
    rankings: Sequence[Ranking[Id]],
    *,
    weights: Sequence[float],
    normalisation: Normalisation = "zscore",
    absent: Sequence[float | None] | None = None,
) -> list[tuple[Id, float]]:
    """Score each id by the weighted sum of its normalised scores; best first.

    Unlike rank fusion this keeps how far apart the scores are, so a leg that is sure of its first hit counts
    for more. An id a ranking did not return is scored as that ranking's worst returned id (the leg judged it no
    better), or, when `absent` gives that ranking a score, with that score before normalising: BM25 knows that a
    paper holding none of the words scores 0, so a keyword leg that found a single paper still says something.
    A ranking whose scores are all equal carries no order and adds nothing.
    """
    weights = _check_weights(rankings, weights)
    given = [_unique(ranking) for ranking in rankings]
    ids: dict[Id, None] = {}
    for pairs in given:
        ids.update(dict.fromkeys(item for item, _ in pairs))
    fills = list(absent) if absent is not None else [None] * len(rankings)
    if len(fills) != len(rankings):
        raise ValueError(f"{len(fills)} absent scores for {len(rankings)} rankings")
    fused = dict.fromkeys(ids, 0.0)
    for pairs, weight, fill in zip(given, weights, fills, strict=True):
        if fill is not None:
            returned = {item for item, _ in pairs}
            pairs = pairs + [(item, fill) for item in ids if item not in returned]
        scores = normalise_scores(pairs, method=normalisation)
        floor = min(scores.values(), default=0.0)
        for item in fused:
            fused[item] += weight * scores.get(item, floor)
    return _best_first(fused)


def normalise_scores(ranking: Ranking[Id], *, method: Normalisation = "zscore") -> dict[Id, float]:
    """Put one ranking's scores on a common scale: z-scores (mean 0, sd 1) or min-max (0..1)."""
    scores = dict(_unique(ranking))
    if not scores:
        return {}
    values = list(scores.values())
    if method == "zscore":
        mean = math.fsum(values) / len(values)
        spread = math.sqrt(math.fsum((value - mean) ** 2 for value in values) / len(values))
        low = mean
    elif method == "minmax":
        low = min(values)
        spread = max(values) - low
    else:
        raise ValueError(f"unknown normalisation {method!r}: zscore or minmax")
    if spread == 0.0:
        return dict.fromkeys(scores, 0.0)
    return {item: (value - low) / spread for item, value in scores.items()}


def _unique(ranking: Ranking[Id]) -> list[tuple[Id, float]]:
    pairs = list(ranking)
    if len({item for item, _ in pairs}) != len(pairs):
        # Two scores for one id would make its fused score depend on which one wins; the caller must choose.
        raise ValueError("a ranking lists the same id twice")
    return pairs


def _check_weights(rankings: Sequence[Ranking[Id]], weights: Sequence[float] | None) -> list[float]:
    if weights is None:
        return [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    return list(weights)


def _best_first(fused: dict[Id, float]) -> list[tuple[Id, float]]:
    # sorted() is stable, so equal scores keep first-appearance order.
    return sorted(fused.items(), key=lambda pair: -pair[1])
