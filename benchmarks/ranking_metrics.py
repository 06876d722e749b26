"""Graded-relevance ranking metrics for the quality benchmarks: NDCG@k (gain 2^grade - 1) and MAP."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def ndcg_at(ranked: Sequence[str], grades: Mapping[str, int], *, k: int) -> float:
    """DCG of the first k ranked ids over the DCG of the best possible order of all judged ids."""
    ideal = sorted(grades.values(), reverse=True)[:k]
    ideal_dcg = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    if ideal_dcg == 0:
        return 0.0
    dcg = sum((2 ** grades.get(item, 0) - 1) / math.log2(rank + 2) for rank, item in enumerate(ranked[:k]))
    return dcg / ideal_dcg


def average_precision(ranked: Sequence[str], grades: Mapping[str, int], *, min_grade: int) -> float:
    """Mean precision at each relevant id's rank, over all relevant judged ids (0 if there are none)."""
    relevant_count = sum(1 for grade in grades.values() if grade >= min_grade)
    if relevant_count == 0:
        return 0.0
    found = 0
    total = 0.0
    for rank, item in enumerate(ranked, start=1):
        if grades.get(item, 0) >= min_grade:
            found += 1
            total += found / rank
    return total / relevant_count
