"""The metrics the CSFCube benchmark reports, checked on hand-computed rankings."""

from __future__ import annotations

import math

import pytest

from benchmarks.ranking_metrics import average_precision, ndcg_at

GRADES = {"a": 3, "b": 0, "c": 2, "d": 1}


def test_ndcg_of_the_ideal_order_is_one():
    assert ndcg_at(["a", "c", "d", "b"], GRADES, k=20) == pytest.approx(1.0)


def test_ndcg_uses_exponential_gain_and_log_discount():
    ideal = 7 + 3 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(["b", "a", "c"], GRADES, k=20) == pytest.approx((7 / math.log2(3) + 3 / 2) / ideal)


def test_ndcg_counts_only_the_first_k():
    assert ndcg_at(["b", "a"], GRADES, k=1) == 0.0


def test_average_precision_with_grade_two_as_relevant():
    # a and c are relevant; found at ranks 2 and 4.
    assert average_precision(["b", "a", "d", "c"], GRADES, min_grade=2) == pytest.approx((1 / 2 + 2 / 4) / 2)


def test_average_precision_counts_relevant_ids_never_ranked_as_missed():
    assert average_precision(["a"], GRADES, min_grade=2) == pytest.approx(0.5)
