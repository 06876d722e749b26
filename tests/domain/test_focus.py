"""A query with a focus: the combined vector and the summed keyword scores."""

import numpy as np
import pytest

from dailypapers.domain.focus import focused_vector, summed_scores


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_focused_vector_is_the_unit_sum_of_focus_and_context() -> None:
    focus, whole = _unit(1, 0, 0), _unit(0, 1, 0)
    combined = focused_vector(focus, whole, context_weight=1.0)
    assert np.linalg.norm(combined) == pytest.approx(1.0)
    assert combined == pytest.approx(_unit(1, 1, 0))
    assert combined.dtype == np.float32


def test_the_context_weight_leans_the_vector_towards_the_whole_text() -> None:
    focus, whole = _unit(1, 0, 0), _unit(0, 1, 0)
    light, heavy = focused_vector(focus, whole, context_weight=0.25), focused_vector(focus, whole, context_weight=3)
    assert light @ focus > light @ whole
    assert heavy @ whole > heavy @ focus
    assert focused_vector(focus, whole, context_weight=0.0) == pytest.approx(focus)


def test_opposite_focus_and_context_leave_the_focus() -> None:
    focus = _unit(1, 0)
    assert focused_vector(focus, -focus, context_weight=1.0) == pytest.approx(focus)


def test_summed_scores_add_the_whole_texts_scores_weighted_and_count_a_missing_paper_as_zero() -> None:
    focus = [("a", 3.0), ("b", 1.0)]
    whole = [("b", 4.0), ("c", 2.5)]
    assert summed_scores(focus, whole, context_weight=1.0) == [("b", 5.0), ("a", 3.0), ("c", 2.5)]
    assert summed_scores(focus, whole, context_weight=0.5) == [("a", 3.0), ("b", 3.0), ("c", 1.25)]
    assert summed_scores([], whole, context_weight=1.0) == whole
    assert summed_scores(focus, [], context_weight=1.0) == focus
