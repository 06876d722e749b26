"""Reading the arXiv API's Atom feed into paper records, and telling arXiv's error entries from papers.

The shape is documented at https://info.arxiv.org/help/api/user-manual.html (sections 3.3 and 5.2).
"""

from __future__ import annotations

# The standard parser is safe here: Python's expat (2.4.1 and later, bundled since 3.11) refuses the
# entity-expansion bombs, and ElementTree never fetches external entities or DTDs. A test holds it to that.
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.papers import PaperRecord
from dailypapers.sources.fields import RecordError, clean_text, parse_timestamp

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_ERROR_ID_PREFIXES = ("http://arxiv.org/api/errors", "https://arxiv.org/api/errors")
_ABS_PREFIXES = ("http://arxiv.org/abs/", "https://arxiv.org/abs/")


class FeedError(ValueError):
    """The bytes are not a readable arXiv Atom feed; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class ArxivFeed:
    papers: tuple[PaperRecord, ...]
    # arXiv reports a bad query as an entry whose id is http://arxiv.org/api/errors#...; its summary says why.
    errors: tuple[str, ...]


def parse_feed(body: bytes) -> ArxivFeed:
    try:
        root = ET.fromstring(body)  # noqa: S314 - see the import above
    except ET.ParseError as error:
        raise FeedError(f"the answer is not well-formed XML, perhaps truncated ({error})") from None
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"the answer is XML but not an Atom feed (root element {root.tag!r})")
    papers, errors = [], []
    for entry in root.iter(f"{ATOM}entry"):
        entry_id = _text(entry, f"{ATOM}id")
        if entry_id is None:
            # arXiv once answered unknown ids with an entry holding nothing at all: that is "not found".
            continue
        if entry_id.startswith(_ERROR_ID_PREFIXES):
            errors.append(_text(entry, f"{ATOM}summary") or entry_id.partition("#")[2].replace("_", " "))
            continue
        try:
            papers.append(_parse_entry(entry, entry_id))
        except (RecordError, InvalidArxivId) as error:
            raise FeedError(f"entry {entry_id!r}: {error}") from None
    return ArxivFeed(papers=tuple(papers), errors=tuple(errors))


def _parse_entry(entry: ET.Element, entry_id: str) -> PaperRecord:
    if not entry_id.startswith(_ABS_PREFIXES):
        raise RecordError("the id is not an arxiv.org/abs/ address")
    arxiv_id = parse_arxiv_id(entry_id.split("/abs/", 1)[1])
    title = _text(entry, f"{ATOM}title")
    abstract = _text(entry, f"{ATOM}summary")
    if title is None or abstract is None:
        raise RecordError("the title or the summary is missing")
    authors = tuple(
        name for author in entry.iter(f"{ATOM}author") if (name := _text(author, f"{ATOM}name")) is not None
    )
    primary = entry.find(f"{ARXIV}primary_category")
    primary_term = primary.get("term") if primary is not None else None
    categories = tuple(term for category in entry.iter(f"{ATOM}category") if (term := category.get("term", "").strip()))
    published, updated = _text(entry, f"{ATOM}published"), _text(entry, f"{ATOM}updated")
    return PaperRecord(
        arxiv_id=arxiv_id.id,
        version=arxiv_id.version,
        title=title,
        abstract=abstract,
        authors=authors,
        categories=categories,
        primary_category=primary_term or next(iter(categories), None),
        comment=_text(entry, f"{ARXIV}comment"),
        journal_ref=_text(entry, f"{ARXIV}journal_ref"),
        doi=_text(entry, f"{ARXIV}doi"),
        published_at=parse_timestamp(published, "published") if published else None,
        arxiv_updated_at=parse_timestamp(updated, "updated") if updated else None,
    )


def _text(parent: ET.Element, tag: str) -> str | None:
    """The element's text with arXiv's hard line breaks folded; None when absent or blank."""
    element = parent.find(tag)
    if element is None or element.text is None:
        return None
    return clean_text(element.text) or None
