"""A worker sets what it loaded at start aside from garbage collection: later full collections skip it."""

import gc
from collections.abc import Iterator

import pytest

from dailypapers.web.heap import freeze_loaded_heap


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_what_is_loaded_at_start_is_left_out_of_later_collections(unfrozen: None) -> None:
    loaded = [{"vector": [float(n)]} for n in range(1_000)]  # tracked containers, as an index holds
    frozen = freeze_loaded_heap()
    # Frozen objects are still freed when their last reference goes (another test's thread may drop one meanwhile).
    assert frozen >= len(loaded) and 0 < gc.get_freeze_count() <= frozen
    collected = {id(obj) for obj in gc.get_objects()}  # what a full collection walks
    made_after = {"page": [1]}
    assert id(loaded[0]) not in collected and id(loaded) not in collected
    assert any(obj is made_after for obj in gc.get_objects())
