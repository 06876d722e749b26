from dailypapers.domain.curation import move_to


def test_moving_places_the_item_and_keeps_the_others_in_order() -> None:
    assert move_to([1, 2, 3], item=3, position=1) == [3, 1, 2]
    assert move_to([1, 2, 3], item=1, position=2) == [2, 1, 3]
    assert move_to([1, 2, 3], item=4, position=4) == [1, 2, 3, 4]


def test_positions_past_either_end_are_clamped() -> None:
    assert move_to([1, 2, 3], item=2, position=0) == [2, 1, 3]
    assert move_to([1, 2, 3], item=2, position=99) == [1, 3, 2]
    assert move_to([], item=7, position=5) == [7]
