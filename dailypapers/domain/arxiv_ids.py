"""arXiv identifiers: parsing what people paste (ids, URLs, `arXiv:` prefixes) into a bare id and a version.

A paper is keyed by its bare id; the version travels beside it. See https://info.arxiv.org/help/arxiv_identifier.html.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# New style (April 2007 on): YYMM.NNNN until 2014, YYMM.NNNNN from 2015.
_NEW_STYLE = r"(?P<new>\d{4}\.\d{4,5})"
# Old style: archive(.SUBJECT-CLASS)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136, cs/0112017.
_OLD_STYLE = r"(?P<old>(?P<archive>[a-z]+(?:-[a-z]+)*)(?:\.[A-Za-z]{2})?/\d{7})"
_ID = re.compile(rf"^(?:{_NEW_STYLE}|{_OLD_STYLE})(?:v(?P<version>\d+))?$", re.IGNORECASE)

# Prefixes people paste before the id; the id is what remains.
_URL_PREFIX = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?(?:arxiv\.org|huggingface\.co/papers|alphaxiv\.org)"
    r"(?:/(?:abs|pdf|html|format))?/",
    re.IGNORECASE,
)
_ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)


class InvalidArxivId(ValueError):
    """The text does not name an arXiv paper."""


@dataclass(frozen=True, slots=True)
class ArxivId:
    id: str
    version: int | None = None

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}v{self.version}"


def parse_arxiv_id(text: str) -> ArxivId:
    """Read an id, a versioned id, `arXiv:<id>` or an arxiv.org abs/pdf URL."""
    candidate = text.strip()
    candidate = _ARXIV_PREFIX.sub("", candidate)
    candidate = _URL_PREFIX.sub("", candidate)
    candidate = candidate.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if candidate.lower().endswith(".pdf"):
        candidate = candidate[: -len(".pdf")]
    match = _ID.match(candidate)
    if match is None:
        raise InvalidArxivId(f"{text.strip()[:80]!r} is not an arXiv identifier or arxiv.org link")
    version = int(match["version"]) if match["version"] else None
    if version == 0:
        raise InvalidArxivId(f"{text.strip()[:80]!r} names version 0; arXiv versions start at 1")
    if match["new"]:
        return ArxivId(match["new"], version)
    # The subject class is not part of an old-style id: math.GT/0309136 is math/0309136.
    number = match["old"].split("/", 1)[1]
    return ArxivId(f"{match['archive'].lower()}/{number}", version)


def abs_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/pdf/{arxiv_id}"
