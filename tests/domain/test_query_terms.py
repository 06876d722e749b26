import random
import re
import sys
from concurrent.futures import ThreadPoolExecutor

import snowballstemmer

from dailypapers.domain.highlights import Segment, highlight_text, query_stems
from dailypapers.domain.query_terms import MAX_TERMS, build_fts5_match, extract_terms, split_words, stem_word
from dailypapers.web.pages.search_views import SUMMARY_CHARS, marked_up
from tests.factories import real_records


def test_terms_are_words_without_stop_words_or_repeats() -> None:
    assert extract_terms("The diffusion of Diffusion models, and the models") == ["diffusion", "models"]


def test_query_syntax_becomes_plain_words() -> None:
    assert extract_terms('NEAR( "foo" AND OR -bar* title:baz_qux') == ["near", "foo", "bar", "title", "baz", "qux"]


def test_a_query_of_stop_words_keeps_them() -> None:
    assert extract_terms("The Who") == ["the", "who"]


def test_punctuation_alone_gives_no_terms() -> None:
    assert extract_terms("!!! ??? --- *** \"\" ''") == []


def test_non_latin_words_are_kept() -> None:
    assert extract_terms("深度学习 для нейронных сетей") == ["深度学习", "для", "нейронных", "сетей"]


def test_a_long_text_is_cut_to_the_term_limit() -> None:
    text = " ".join(f"word{index}" for index in range(5000))
    assert len(extract_terms(text)) == MAX_TERMS


def test_fts5_match_quotes_every_term() -> None:
    assert build_fts5_match(["graph", 'we"ird']) == '"graph" OR "we""ird"'


def test_stems_are_porters() -> None:
    assert stem_word("Networks") == "network"
    assert stem_word("learning") == stem_word("learned") == "learn"


def test_highlights_mark_words_sharing_a_stem_with_the_query() -> None:
    segments = highlight_text("Learning graph networks.", stems=query_stems(["network", "learned"]))
    assert segments == [
        Segment("highlight", "Learning"),
        Segment("text", " graph "),
        Segment("highlight", "networks"),
        Segment("text", "."),
    ]


def test_highlights_without_matches_are_one_text_run() -> None:
    assert highlight_text("Nothing here", stems=query_stems(["graph"])) == [Segment("text", "Nothing here")]
    assert highlight_text("", stems=query_stems(["graph"])) == []


def test_highlights_put_the_text_back_together() -> None:
    text = "Vision-language models (VLMs) for 3D scenes: a survey of VLM evaluation."
    segments = highlight_text(text, stems=query_stems(extract_terms("vision models 3d survey")))
    assert "".join(segment.text for segment in segments) == text
    assert [s.text for s in segments if s.type == "highlight"] == ["Vision", "models", "3D", "survey"]


def test_highlights_mark_exactly_the_words_a_full_stemming_pass_marks() -> None:
    # The highlighter stems only words that open like a query stem; a word-by-word pass is the reference.
    rng = random.Random(5)
    for record in real_records()[:150]:
        words = split_words(record.abstract)
        stems = query_stems(rng.sample(words, min(6, len(words))))
        marked = [s.text for s in highlight_text(record.abstract, stems=stems) if s.type == "highlight"]
        expected = [m.group() for m in re.finditer(r"[^\W_]+", record.abstract) if stem_word(m.group()) in stems]
        assert marked == expected


def test_highlights_of_the_shown_part_give_the_excerpt_the_whole_text_gives() -> None:
    # A result card shows the first SUMMARY_CHARS characters of the abstract: only those are highlighted.
    rng = random.Random(11)
    for record in real_records()[:150]:
        words = split_words(record.abstract)
        stems = query_stems(rng.sample(words, min(3, len(words))))
        whole = highlight_text(record.abstract, stems=stems)
        for limit in (SUMMARY_CHARS, rng.randrange(1, len(record.abstract) + 5)):
            shown = highlight_text(record.abstract, stems=stems, shown=limit)
            assert marked_up(shown, limit=limit) == marked_up(whole, limit=limit)
            assert record.abstract.startswith("".join(segment.text for segment in shown))


def test_stemming_from_many_threads_at_once_agrees_with_one_thread() -> None:
    # Web threads stem search words side by side; a stemmer shared between them mixed their words up.
    words = [f"{stem}{suffix}" for stem in ("generat", "learn", "comput", "model", "rank") for suffix in SUFFIXES]
    words = [f"{word}{'x' * n}" for n in range(40) for word in words]  # distinct words: the cache cannot answer
    expected = {word: snowballstemmer.stemmer("porter").stemWord(word) for word in words}
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda chunk: {w: stem_word(w) for w in chunk}, [words[i::8] for i in range(8)]))
    finally:
        sys.setswitchinterval(switch)
    assert {word: stem for result in results for word, stem in result.items()} == expected


SUFFIXES = ("ing", "ed", "ation", "ational", "ers", "ness", "izing", "fulness", "ly", "ies")
