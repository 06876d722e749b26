"""Avatars: initials from the name, a colour that depends on the username alone."""

from dailypapers.domain.avatars import avatar_for


def test_initials_come_from_the_first_and_last_words() -> None:
    assert avatar_for("ada-lovelace").initials == "AL"
    assert avatar_for("ada", "Ada King Lovelace").initials == "AL"
    assert avatar_for("grace").initials == "G"
    assert avatar_for("user_27ccc64b").initials == "U2"


def test_the_colour_follows_the_username_not_the_shown_name() -> None:
    assert avatar_for("ada", "Ada").hue == avatar_for("ada", "Countess").hue
    hues = {avatar_for(f"member{number}").hue for number in range(50)}
    assert len(hues) > 30 and all(0 <= hue < 360 for hue in hues)
