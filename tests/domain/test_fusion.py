"""Reciprocal-rank and score fusion of a keyword and a semantic ranking."""

from __future__ import annotations

import pytest

from dailypapers.domain.fusion import fuse_reciprocal_rank, fuse_scores, normalise_scores

KEYWORD = [("a", 12.0), ("b", 9.0), ("c", 1.0)]
DENSE = [("c", 0.81), ("a", 0.80), ("d", 0.10)]


def ids(fused):
    return [item for item, _ in fused]


def test_rrf_sums_one_over_k_plus_rank_across_rankings():
    fused = dict(fuse_reciprocal_rank([KEYWORD, DENSE], k=60))
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert fused["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert fused["b"] == pytest.approx(1 / 62)
    assert fused["d"] == pytest.approx(1 / 63)


def test_rrf_orders_by_fused_score_best_first():
    assert ids(fuse_reciprocal_rank([KEYWORD, DENSE])) == ["a", "c", "b", "d"]


def test_rrf_ranks_by_score_not_by_list_position():
    shuffled = [("c", 1.0), ("a", 12.0), ("b", 9.0)]
    assert fuse_reciprocal_rank([shuffled]) == fuse_reciprocal_rank([KEYWORD])


def test_rrf_weights_scale_each_rankings_share():
    fused = dict(fuse_reciprocal_rank([KEYWORD, DENSE], k=60, weights=[0.0, 2.0]))
    assert fused["b"] == 0.0
    assert fused["c"] == pytest.approx(2 / 61)


def test_rrf_ties_keep_first_appearance_order():
    assert ids(fuse_reciprocal_rank([[("x", 1.0)], [("y", 1.0)]])) == ["x", "y"]


def test_minmax_maps_scores_onto_zero_to_one():
    assert normalise_scores(KEYWORD, method="minmax") == {"a": 1.0, "b": pytest.approx(8 / 11), "c": 0.0}


def test_zscore_has_mean_zero_and_unit_spread():
    scores = list(normalise_scores([("a", 1.0), ("b", 2.0), ("c", 3.0), ("d", 6.0)]).values())
    assert sum(scores) == pytest.approx(0.0)
    assert sum(score * score for score in scores) / len(scores) == pytest.approx(1.0)


@pytest.mark.parametrize("method", ["zscore", "minmax"])
def test_a_ranking_of_equal_scores_normalises_to_zero(method):
    assert normalise_scores([("a", 3.0), ("b", 3.0)], method=method) == {"a": 0.0, "b": 0.0}


def test_unknown_normalisation_is_refused():
    with pytest.raises(ValueError, match="unknown normalisation"):
        normalise_scores(KEYWORD, method="rank")  # type: ignore[arg-type]


@pytest.mark.parametrize("normalisation", ["zscore", "minmax"])
def test_score_fusion_ignores_each_legs_scale_and_offset(normalisation):
    rescaled = [(item, 1000 * score - 7) for item, score in KEYWORD]
    original = fuse_scores([KEYWORD, DENSE], weights=[0.3, 0.7], normalisation=normalisation)
    assert ids(fuse_scores([rescaled, DENSE], weights=[0.3, 0.7], normalisation=normalisation)) == ids(original)


def test_score_fusion_with_all_weight_on_one_leg_keeps_its_order():
    keyword = [("a", 3.0), ("b", 2.0), ("c", 1.0)]
    dense = [("c", 0.9), ("b", 0.5), ("a", 0.4)]
    assert ids(fuse_scores([keyword, dense], weights=[0.0, 1.0])) == ["c", "b", "a"]
    assert ids(fuse_scores([keyword, dense], weights=[1.0, 0.0])) == ["a", "b", "c"]


def test_score_fusion_scores_a_missing_id_as_the_legs_worst():
    fused = dict(fuse_scores([KEYWORD, DENSE], weights=[0.5, 0.5], normalisation="minmax"))
    # "d" is absent from the keyword leg: it gets that leg's minimum (0), plus half its dense score (0).
    assert fused["d"] == pytest.approx(0.0)
    # "b" is absent from the dense leg: half its keyword score 8/11, plus the dense leg's minimum 0.
    assert fused["b"] == pytest.approx(0.5 * 8 / 11)
    assert fused["a"] == pytest.approx(0.5 * 1.0 + 0.5 * (0.80 - 0.10) / 0.71)


def test_score_fusion_keeps_the_margin_that_rank_fusion_loses():
    # The keyword leg barely prefers x; the dense leg strongly prefers y. Ranks alone call it a tie.
    keyword = [("x", 10.0), ("y", 9.99), ("z", 0.0)]
    dense = [("y", 0.9), ("x", 0.1), ("z", 0.0)]
    assert ids(fuse_reciprocal_rank([keyword, dense]))[:2] == ["x", "y"]
    assert ids(fuse_scores([keyword, dense], weights=[0.5, 0.5]))[0] == "y"


def test_fusing_nothing_gives_nothing():
    assert fuse_reciprocal_rank([[], []]) == []
    assert fuse_scores([[], []], weights=[0.5, 0.5]) == []


def test_a_ranking_that_lists_an_id_twice_is_refused():
    with pytest.raises(ValueError, match="same id twice"):
        fuse_scores([[("a", 1.0), ("a", 2.0)]], weights=[1.0])


def test_weights_must_match_the_rankings():
    with pytest.raises(ValueError, match="2 weights for 1 rankings"):
        fuse_reciprocal_rank([KEYWORD], weights=[1.0, 1.0])
    with pytest.raises(ValueError, match="negative"):
        fuse_scores([KEYWORD], weights=[-1.0])


def test_an_absent_score_stands_in_before_normalising():
    # The keyword leg found one paper: alone it has no spread and would add nothing, but with the others at
    # BM25's 0 it stands out.
    keyword = [("a", 7.0)]
    dense = [("b", 0.9), ("a", 0.89), ("c", 0.5), ("d", 0.5), ("e", 0.5)]
    assert ids(fuse_scores([keyword, dense], weights=[0.3, 0.7]))[0] == "b"
    fused = dict(fuse_scores([keyword, dense], weights=[0.3, 0.7], absent=[0.0, None]))
    # The keyword leg's z-scores over (7, 0, 0, 0, 0) are 2 and -0.5.
    dense_z = normalise_scores(dense)
    assert fused["a"] == pytest.approx(0.3 * 2.0 + 0.7 * dense_z["a"])
    assert fused["b"] == pytest.approx(0.3 * -0.5 + 0.7 * dense_z["b"])
    assert max(fused, key=fused.__getitem__) == "a"


def test_absent_scores_must_match_the_rankings():
    with pytest.raises(ValueError, match="1 absent scores for 2 rankings"):
        fuse_scores([KEYWORD, DENSE], weights=[0.5, 0.5], absent=[0.0])
