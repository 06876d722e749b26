from dailypapers.domain.curation import move_to


def test_moving_places_the_item_and_keeps_the_others_in_order() -> None:
    assert move_to([1, 2, 3], 3, 1) == [3, 1, 2]
    assert move_to([1, 2, 3], 1, 2) == [2, 1, 3]
    assert move_to([1, 2, 3], 4, 4) == [1, 2, 3, 4]


def test_positions_past_either_end_are_clamped() -> None:
    assert move_to([1, 2, 3], 2, 0) == [2, 1, 3]
    assert move_to([1, 2, 3], 2, 99) == [1, 3, 2]
    assert move_to([], 7, 5) == [7]
