import math
from datetime import UTC, datetime, timedelta

import pytest

from dailypapers.domain.trending import (
    EPOCH,
    HALF_LIFE,
    base_key,
    code_bonus,
    decay,
    event_key,
    log_add,
    log_subtract,
    score_at,
)

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def test_one_upvote_is_worth_one_point_when_cast_and_half_a_half_life_later() -> None:
    key = event_key(at=NOW, weight=1.0)
    assert score_at(key, at=NOW) == pytest.approx(1.0)
    assert score_at(key, at=NOW + HALF_LIFE) == pytest.approx(0.5)
    assert decay(event_at=NOW - 2 * HALF_LIFE, at=NOW) == pytest.approx(0.25)


def test_log_add_and_subtract_keep_the_sum_of_terms() -> None:
    terms = [event_key(at=NOW - timedelta(hours=hours), weight=1.0) for hours in (0, 5, 30, 200)]
    key = None
    for term in terms:
        key = log_add(key, term)
    expected = sum(decay(event_at=NOW - timedelta(hours=hours), at=NOW) for hours in (0, 5, 30, 200))
    assert score_at(key, at=NOW) == pytest.approx(expected, rel=1e-12)
    for term in terms:
        key = log_subtract(key, term)
    assert key is None


def test_keys_stay_finite_for_centuries() -> None:
    far = datetime(2400, 1, 1, tzinfo=UTC)
    key = log_add(event_key(at=far, weight=1.0), event_key(at=far, weight=1.0))
    assert key is not None and math.isfinite(key) and score_at(key, at=far) == pytest.approx(2.0)
    # K itself, e^key, would have overflowed a float long before.
    assert (far - EPOCH) / HALF_LIFE > 1024


def test_a_fresh_vote_outranks_an_old_one_and_ranking_by_key_is_ranking_by_score() -> None:
    old_many = log_add(None, event_key(at=NOW - timedelta(days=3), weight=5.0))
    new_few = log_add(None, event_key(at=NOW - timedelta(hours=1), weight=1.0))
    assert new_few is not None and old_many is not None and new_few > old_many
    assert score_at(new_few, at=NOW) > score_at(old_many, at=NOW)


def test_the_base_term_counts_imported_upvotes_and_code_at_joining() -> None:
    assert base_key(imported_upvotes=0, stars=None, joined_at=NOW) is None
    assert base_key(imported_upvotes=10, stars=None, joined_at=None) is None
    key = base_key(imported_upvotes=10, stars=999, joined_at=NOW)
    assert score_at(key, at=NOW) == pytest.approx(10 + code_bonus(999)) and code_bonus(999) == pytest.approx(6.0)
