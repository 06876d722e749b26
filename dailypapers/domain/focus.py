"""A query with a focus: a whole text (an abstract, a draft) and the passage of it that matters most — its
method, say, or its result — as CSFCube asks for papers like one paper in one of its facets.

Each leg reads both: the semantic leg searches with the sum of the focus's vector and the whole text's, and the
keyword leg scores a paper by its BM25 for the focus's words plus its BM25 for the whole text's. The focus alone
misses what its paper is about (a "method" sentence names a technique, not the field it serves); the whole text
alone drowns the focus. On CSFCube's facet queries each leg and the fusion read both better than either
(docs/benchmarks.md, "Facet in its paper").
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

Id = TypeVar("Id", bound=Hashable)

# The whole text's share beside the focus, in both legs: chosen on CSFCube's dev fold (benchmarks/csfcube_focus.py).
CONTEXT_WEIGHT = 1.0


def focused_vector(
    focus: NDArray[np.float32], whole: NDArray[np.float32], *, context_weight: float = CONTEXT_WEIGHT
) -> NDArray[np.float32]:
    """The unit vector along focus + context_weight × whole (both unit vectors from the same model)."""
    combined = focus + context_weight * whole
    norm = float(np.linalg.norm(combined))
    if norm == 0.0:
        return focus
    return (combined / norm).astype(np.float32)


def summed_scores(
    focus: Sequence[tuple[Id, float]], whole: Sequence[tuple[Id, float]], *, context_weight: float = CONTEXT_WEIGHT
) -> list[tuple[Id, float]]:
    """Keyword scores of the focus plus context_weight × those of the whole text, best first.

    A paper one ranking did not return holds none of that query's words (or too few to be returned): it gets 0
    from it, as BM25 gives a paper without the words. Ties keep the order in which ids first appear."""
    summed: dict[Id, float] = {}
    for ranking, weight in ((focus, 1.0), (whole, context_weight)):
        for item, score in ranking:
            summed[item] = summed.get(item, 0.0) + weight * score
    return sorted(summed.items(), key=lambda pair: -pair[1])
