"""BibTeX for an arXiv paper, in the `@misc` shape arXiv itself offers."""

from __future__ import annotations

import re
import unicodedata

from dailypapers.domain.arxiv_ids import abs_url
from dailypapers.domain.papers import Paper

_SPECIAL = re.compile(r"([&%$#_])")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"a", "an", "the", "on", "of", "for", "and", "in", "to", "with", "towards", "toward"})


def render_bibtex(paper: Paper, *, key: str | None = None) -> str:
    """The paper's entry; `key` replaces its usual citation key (a file of many entries keeps each key unique)."""
    year = paper.published_at.year if paper.published_at else None
    fields = [
        ("title", _escape(paper.title)),
        ("author", " and ".join(_escape(name) for name in paper.authors)),
        ("year", str(year) if year else None),
        ("eprint", paper.arxiv_id),
        ("archivePrefix", "arXiv"),
        ("primaryClass", paper.primary_category),
        ("doi", paper.doi),
        ("url", abs_url(paper.arxiv_id)),
    ]
    body = ",\n".join(f"      {name}={{{value}}}" for name, value in fields if value)
    return f"@misc{{{key or citation_key(paper)},\n{body}\n}}"


def citation_key(paper: Paper) -> str:
    """`lastnameYEARfirstword`, as Google Scholar and arXiv do: ge2024convllava."""
    surname = _ascii(paper.authors[0].split()[-1]) if paper.authors else "anon"
    words = [word for word in _WORD.findall(_ascii(paper.title)) if word not in _STOP]
    year = str(paper.published_at.year) if paper.published_at else ""
    return f"{''.join(_WORD.findall(surname)) or 'anon'}{year}{words[0] if words else ''}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(char for char in folded if not unicodedata.combining(char)).lower()


def _escape(text: str) -> str:
    # Braces would unbalance the entry; the rest are LaTeX specials that break compilation.
    return _SPECIAL.sub(r"\\\1", text.replace("{", "").replace("}", ""))
