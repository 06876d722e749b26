import pytest

from dailypapers.domain.arxiv_ids import ArxivId, InvalidArxivId, parse_arxiv_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2406.01234", ArxivId("2406.01234")),
        ("2406.01234v2", ArxivId("2406.01234", 2)),
        ("  arXiv:2406.01234v3 ", ArxivId("2406.01234", 3)),
        ("https://arxiv.org/abs/2406.01234", ArxivId("2406.01234")),
        ("http://arxiv.org/abs/2406.01234v1", ArxivId("2406.01234", 1)),
        ("arxiv.org/pdf/2406.01234", ArxivId("2406.01234")),
        ("https://arxiv.org/pdf/2406.01234v2.pdf", ArxivId("2406.01234", 2)),
        ("https://export.arxiv.org/abs/2406.01234?context=cs", ArxivId("2406.01234")),
        ("https://huggingface.co/papers/2406.01234", ArxivId("2406.01234")),
        ("0704.0001", ArxivId("0704.0001")),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("cs/0112017v1", ArxivId("cs/0112017", 1)),
        ("math.GT/0309136", ArxivId("math/0309136")),
        ("https://arxiv.org/abs/cond-mat/0011234v2", ArxivId("cond-mat/0011234", 2)),
    ],
)
def test_common_forms_parse_to_the_bare_id_and_version(text: str, expected: ArxivId) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "2406", "2406.123", "2406.123456", "hello", "2406.01234v0", "hep-th/990100", "https://example.com/2406.01234"],
)
def test_non_ids_are_refused_with_the_text_in_the_message(text: str) -> None:
    with pytest.raises(InvalidArxivId, match=r"arXiv|version"):
        parse_arxiv_id(text)


def test_str_puts_the_version_back() -> None:
    assert str(ArxivId("2406.01234", 2)) == "2406.01234v2"
    assert str(ArxivId("hep-th/9901001")) == "hep-th/9901001"
