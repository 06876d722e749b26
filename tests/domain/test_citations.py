"""Reference-manager files: unique BibTeX and CSL keys, and each format read back by a reader of that format."""

import json

import bibtexparser  # type: ignore[import-untyped]
import rispy  # type: ignore[import-untyped]

from dailypapers.domain.citations import render_bibtex_file, render_csl_json, render_ris
from tests.domain.test_bibtex import _paper

# ConvLLaVA (2405.15738) twice, the second time with its arXiv DOI: two entries asking for the same key.
FIRST = _paper()
SECOND = _paper(id=2, doi="10.48550/arXiv.2405.15738")


def test_keys_stay_unique_within_a_file() -> None:
    entries = bibtexparser.loads(render_bibtex_file([FIRST, SECOND])).entries
    assert [entry["ID"] for entry in entries] == ["ge2024convllava", "ge2024convllavab"]
    assert entries[1]["doi"] == "10.48550/arXiv.2405.15738"
    items = json.loads(render_csl_json([FIRST, SECOND]))
    assert [item["id"] for item in items] == ["ge2024convllava", "ge2024convllavab"]


def test_ris_carries_what_a_reference_manager_needs() -> None:
    (reference,) = rispy.loads(render_ris([FIRST]))
    assert reference["type_of_reference"] == "GEN"
    assert reference["authors"] == ["Chunjiang Ge", "Sijie Cheng"]
    assert (reference["year"], reference["date"]) == ("2024", "2024/05/24")
    assert reference["urls"] == ["https://arxiv.org/abs/2405.15738"] and reference["number"] == "2405.15738"


def test_an_empty_collection_exports_empty_files() -> None:
    assert render_bibtex_file([]) == "" and render_ris([]) == "" and json.loads(render_csl_json([])) == []


def test_a_one_word_name_is_a_literal_in_csl() -> None:
    (item,) = json.loads(render_csl_json([_paper(authors=("Murong Yue", "Plato"))]))
    assert item["author"] == [{"family": "Yue", "given": "Murong"}, {"literal": "Plato"}]
