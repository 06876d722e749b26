"""A list of papers as reference-manager files: BibTeX, RIS (written by rispy) and CSL-JSON.

Every paper here is an arXiv preprint, so each format gets the shape its readers expect of one: BibTeX `@misc`
with `eprint`/`archivePrefix` (as arXiv offers it), RIS `TY - GEN` with the arXiv id and URL, and
CSL-JSON type `article` (CSL 1.0.2's type for preprints, which Zotero also writes) with `publisher: "arXiv"`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import rispy  # type: ignore[import-untyped]

from dailypapers.domain.arxiv_ids import abs_url
from dailypapers.domain.bibtex import citation_key, render_bibtex
from dailypapers.domain.papers import Paper

BIBTEX_MEDIA_TYPE = "application/x-bibtex; charset=utf-8"
RIS_MEDIA_TYPE = "application/x-research-info-systems; charset=utf-8"
CSL_JSON_MEDIA_TYPE = "application/vnd.citationstyles.csl+json; charset=utf-8"


def render_bibtex_file(papers: Sequence[Paper]) -> str:
    """One `@misc` entry per paper; keys made unique (ge2024convllava, ge2024convllavab…) as Zotero does."""
    taken: set[str] = set()
    entries = [render_bibtex(paper, key=_unique(citation_key(paper), taken)) for paper in papers]
    return "\n\n".join(entries) + ("\n" if entries else "")


def render_ris(papers: Sequence[Paper]) -> str:
    references = [_ris_reference(paper) for paper in papers]
    return rispy.dumps(references) if references else ""


def render_csl_json(papers: Sequence[Paper]) -> str:
    """A JSON array of CSL items (https://github.com/citation-style-language/schema, csl-data.json)."""
    taken: set[str] = set()
    return json.dumps([_csl_item(paper, _unique(citation_key(paper), taken)) for paper in papers], indent=2) + "\n"


def _unique(key: str, taken: set[str]) -> str:
    candidate, suffix = key, ord("a")
    while candidate in taken:
        suffix += 1
        candidate = f"{key}{chr(suffix)}"
    taken.add(candidate)
    return candidate


def _ris_reference(paper: Paper) -> dict[str, object]:
    reference: dict[str, object] = {
        "type_of_reference": "GEN",
        "title": paper.title,
        "authors": list(paper.authors),
        "abstract": paper.abstract,
        "publisher": "arXiv",
        "number": paper.arxiv_id,
        "urls": [abs_url(paper.arxiv_id)],
    }
    if paper.published_at is not None:
        reference["year"] = str(paper.published_at.year)
        reference["date"] = paper.published_at.strftime("%Y/%m/%d")
    if paper.doi:
        reference["doi"] = paper.doi
    if paper.categories:
        reference["keywords"] = list(paper.categories)
    return reference


def _csl_item(paper: Paper, key: str) -> dict[str, object]:
    item: dict[str, object] = {
        "id": key,
        "type": "article",
        "title": paper.title,
        "author": [_csl_name(name) for name in paper.authors],
        "abstract": paper.abstract,
        "publisher": "arXiv",
        "number": paper.arxiv_id,
        "URL": abs_url(paper.arxiv_id),
    }
    if paper.published_at is not None:
        moment = paper.published_at
        item["issued"] = {"date-parts": [[moment.year, moment.month, moment.day]]}
    if paper.doi:
        item["DOI"] = paper.doi
    return item


def _csl_name(name: str) -> dict[str, str]:
    # A byline does not say which words are the family name; the last word is, for most names arXiv carries.
    words = name.split()
    if len(words) < 2:
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}
