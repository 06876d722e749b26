"""A collection's slug and the title key imports match on."""

import pytest

from dailypapers.domain.collections import slug_base, title_key, unique_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Résumé: LLMs", "resume-llms"),
        ("  Vision–Language   Models!! ", "vision-language-models"),
        ("✨", "collection"),
        ("a" * 100, "a" * 60),
        ("word " * 20, ("word-" * 12).rstrip("-")),
    ],
)
def test_slugs_fold_and_bound_titles(title: str, slug: str) -> None:
    assert slug_base(title) == slug


def test_a_taken_slug_gets_the_next_number() -> None:
    assert unique_slug("to-read", set()) == "to-read"
    assert unique_slug("to-read", {"to-read", "to-read-2"}) == "to-read-3"


def test_title_keys_ignore_case_accents_punctuation_and_markup() -> None:
    arxiv = r"Business as \textit{Rule}sual: A Benchmark and Framework for Business Rule Flow Modeling with LLMs"
    scholar = "business as rulesual: a benchmark and framework for business rule flow modeling with llms"
    assert title_key(arxiv) == title_key(scholar)
    assert title_key("Zoë's {GAN}s — revisited") == "zoe s gans revisited"
    assert title_key("Attention is all you need") != title_key("Attention is not all you need")
