import pytest

from dailypapers.domain.categories import InvalidCategoryPattern, parse_category_filter


def test_patterns_keep_a_paper_when_any_category_matches() -> None:
    keep = parse_category_filter("cs.*, stat.ML")

    assert keep.keeps(("cs.CL",))
    assert keep.keeps(("math.ST", "stat.ML"))
    assert not keep.keeps(("stat.ME",))
    assert not keep.keeps(("eess.IV", "physics.optics"))
    assert not keep.keeps(())


def test_a_bare_archive_is_every_category_in_it() -> None:
    keep = parse_category_filter("cs,hep-th")

    assert keep.keeps(("cs.LG",)) and keep.keeps(("hep-th",))
    assert not keep.keeps(("csx.LG",)) and not keep.keeps(("hep-ph",))


def test_no_patterns_keep_everything() -> None:
    assert parse_category_filter(" ").keeps(("q-bio.NC",))


@pytest.mark.parametrize("text", ["cs.*;stat", "*", "cs.C*L x", "CS"])
def test_a_malformed_pattern_is_refused(text: str) -> None:
    with pytest.raises(InvalidCategoryPattern):
        parse_category_filter(text)
