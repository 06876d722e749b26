"""Reading reference managers' BibTeX: each shape's arXiv ids and titles, malformed entries reported by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dailypapers.sources.bibtex_files import MAX_BIBTEX_BYTES, UnreadableFile, decode_bibtex, read_bibtex

BIBTEX = Path(__file__).resolve().parent.parent / "fixtures" / "bibtex"


def test_each_managers_shape_yields_its_arxiv_ids() -> None:
    zotero = read_bibtex((BIBTEX / "zotero.bib").read_text())
    mendeley = read_bibtex((BIBTEX / "mendeley.bib").read_text())
    scholar = read_bibtex((BIBTEX / "google_scholar.bib").read_text())
    assert [ref.arxiv_id for ref in zotero.references] == ["2503.16707", "2503.17267"]
    assert zotero.references[0].doi == "10.48550/arxiv.2503.16707"
    assert [ref.arxiv_id for ref in mendeley.references] == ["2503.17788", "2503.20991"]
    assert [ref.arxiv_id for ref in scholar.references] == ["2503.19213", None, None]
    assert not zotero.problems and not mendeley.problems and not scholar.problems


def test_titles_lose_protective_braces_and_latex() -> None:
    zotero = read_bibtex((BIBTEX / "zotero.bib").read_text())
    assert zotero.references[0].title == (
        "Cross-Modal and Uncertainty-Aware Agglomeration for Open-Vocabulary 3D Scene Understanding"
    )
    accented = read_bibtex("@article{k, title={R{\\'e}sum{\\'e} of {LLMs}}, year={2025}}")
    assert accented.references[0].title == "Résumé of LLMs"


def test_entries_start_on_their_own_lines() -> None:
    scholar = read_bibtex((BIBTEX / "google_scholar.bib").read_text())
    assert [ref.line for ref in scholar.references] == [1, 8, 14]
    mendeley = read_bibtex((BIBTEX / "mendeley.bib").read_text())
    assert [ref.line for ref in mendeley.references] == [6, 17]


def test_a_malformed_entry_is_reported_by_line_and_the_rest_are_read() -> None:
    text = (BIBTEX / "google_scholar.bib").read_text()
    # The middle entry loses the comma after its key: a typical hand edit gone wrong.
    broken = text.replace("@misc{fu2025iap,", "@misc{fu2025iap")
    parsed = read_bibtex(broken)
    assert [ref.key for ref in parsed.references] == ["yue2025survey", "goodfellow2016deep"]
    assert [(problem.line, "malformed" in problem.message) for problem in parsed.problems] == [(8, True)]


def test_an_entry_with_unbalanced_braces_spares_the_next_one() -> None:
    text = (BIBTEX / "zotero.bib").read_text().replace("{Scene} {Understanding}},", "{Scene} {Understanding},", 1)
    parsed = read_bibtex(text)
    assert [ref.arxiv_id for ref in parsed.references] == ["2503.17267"]
    assert [problem.line for problem in parsed.problems] == [2]


def test_an_entry_naming_no_paper_is_a_problem() -> None:
    parsed = read_bibtex("@misc{empty,\n  author={Nobody},\n  year={2020}\n}\n")
    assert parsed.references == []
    assert [(problem.line, problem.key) for problem in parsed.problems] == [(1, "empty")]


def test_string_macros_and_comments_are_not_entries() -> None:
    text = '@string{arxiv = "arXiv preprint arXiv:2503.19213"}\n@comment{jabref-meta: databaseType:bibtex;}\n'
    text += "@article{yue2025survey, title={A survey}, journal=arxiv}\n"
    parsed = read_bibtex(text)
    assert [(ref.line, ref.arxiv_id) for ref in parsed.references] == [(3, "2503.19213")]
    assert parsed.problems == []


def test_a_file_over_the_limit_is_refused_before_reading() -> None:
    entry = (BIBTEX / "google_scholar.bib").read_bytes()
    huge = entry * (5 * 1024 * 1024 // len(entry) + 1)
    assert len(huge) > MAX_BIBTEX_BYTES
    with pytest.raises(UnreadableFile, match="over 2 MB"):
        decode_bibtex(huge)


def test_text_that_is_not_utf8_is_refused_with_where() -> None:
    with pytest.raises(UnreadableFile, match="not UTF-8"):
        decode_bibtex("@article{k, title={Résumé}}".encode("latin-1"))
    assert decode_bibtex("\ufeff@article{k}".encode()) == "@article{k}"


def test_a_file_without_entries_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="no BibTeX entries"):
        read_bibtex("-4153059427502279\n")
    with pytest.raises(UnreadableFile, match="no BibTeX entries"):
        read_bibtex('@comment{only a comment}\n@string{x = "y"}\n')


def test_markup_commands_leave_their_text() -> None:
    # Titles in the shipped arXiv data carry LaTeX markup as written ("Business as \\textit{Rule}sual").
    parsed = read_bibtex(r"@article{k, title={business as \textit{rule}sual: a benchmark}, year={2025}}")
    assert parsed.references[0].title == "business as rulesual: a benchmark"
