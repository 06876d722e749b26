"""The poor-match verdict from a query's signals, the share of its words a paper holds, and "about" counts."""

import random

import pytest

from dailypapers.domain.match_quality import MatchSignals, is_poor_match, round_estimate, term_coverage
from dailypapers.domain.query_terms import split_words, stem_word
from tests.factories import real_records


@pytest.mark.parametrize(
    ("coverage", "cosine", "poor"),
    [
        (0.0, 0.2, True),  # nonsense: no word found, nothing close
        (1.0, 0.2, False),  # every word in one paper
        (0.5, 0.7, False),  # a question the model answers though no paper holds all its words
        (0.5, None, True),  # keyword mode
        (None, 0.7, False),  # semantic mode
        (None, None, None),  # neither leg could say
    ],
)
def test_a_match_is_poor_only_when_no_leg_found_a_fit(
    coverage: float | None, cosine: float | None, poor: bool | None
) -> None:
    assert is_poor_match(MatchSignals(coverage, cosine), min_coverage=1.0, min_cosine=0.45) is poor


def test_term_coverage_is_the_best_single_paper_s_share_by_stem() -> None:
    texts = ["Diffusion models for images", "Video generators", "Generating video with diffusion"]
    assert term_coverage(["diffusion", "video", "generation"], texts) == 1.0
    assert term_coverage(["diffusion", "video", "speech"], texts) == pytest.approx(2 / 3)
    assert term_coverage(["zxqvbnm"], texts) == 0.0
    assert term_coverage([], texts) == 0.0


def test_term_coverage_agrees_with_stemming_every_word() -> None:
    # Only words opening like a query stem are stemmed; a word-by-word pass is the reference.
    rng = random.Random(7)
    records = real_records()[:200]
    texts = [f"{record.title}\n{record.abstract}" for record in records]
    for record in records[:100]:
        words = split_words(record.abstract)
        terms = [*rng.sample(words, min(5, len(words))), rng.choice(["zxqvbnm", "s", "graphs"])]  # "s" stems to ""
        wanted = {stem_word(term) for term in terms}
        pool = rng.sample(texts, 10)
        expected = max(len(wanted & {stem_word(word) for word in split_words(text)}) for text in pool) / len(wanted)
        assert term_coverage(terms, pool) == expected


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (7, 7), (99, 99), (1234, 1200), (18_760, 19_000), (155, 160)])
def test_about_keeps_two_significant_figures(count: int, shown: int) -> None:
    assert round_estimate(count) == shown
