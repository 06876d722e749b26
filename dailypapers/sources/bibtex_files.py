"""Reading a BibTeX file that a reference manager exported (Zotero, Mendeley, Google Scholar, JabRef) into what an
import needs of each entry: where it starts, its arXiv id, DOI and title.

bibtexparser 1.x does the parsing. It keeps going past a malformed entry, filing the broken text as a comment; this
module finds each such piece's line, so the import can report it and go on with the rest.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass

import bibtexparser  # type: ignore[import-untyped]
from bibtexparser.bparser import BibTexParser  # type: ignore[import-untyped]
from bibtexparser.latexenc import latex_to_unicode  # type: ignore[import-untyped]

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.text import collapse_whitespace

MAX_BIBTEX_BYTES = 2 * 1024 * 1024  # a library of ~3,000 entries with abstracts; larger ones are split by the member
MAX_ENTRIES = 2_000  # bibtexparser 1.x reads a few milliseconds an entry: this keeps an import under about 15 s
_ENTRY_START = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)")
_NOT_ENTRIES = frozenset({"comment", "string", "preamble"})
# Where reference managers leave an arXiv id: Google Scholar's `journal = {arXiv preprint arXiv:2406.01234}`,
# Zotero's `note = {arXiv:2406.01234 [cs]}`, arXiv's own DOIs 10.48550/arXiv.2406.01234, abs and pdf links.
_ARXIV_MENTION = re.compile(
    r"(?:arxiv[:.\s]\s*|arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
    re.IGNORECASE,
)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_BRACES = re.compile(r"[{}]")
_MARKUP_COMMAND = re.compile(r"\\[A-Za-z]+\s*(?=\{)")  # \textit{…}, \emph{…}: the command goes, its text stays

log = logging.getLogger(__name__)


class UnreadableFile(ValueError):
    """The upload is not a BibTeX file this site reads (too large, not text)."""


@dataclass(frozen=True, slots=True)
class BibReference:
    line: int  # where the entry starts, 1-based
    key: str
    title: str | None
    arxiv_id: str | None
    doi: str | None


@dataclass(frozen=True, slots=True)
class EntryProblem:
    line: int
    key: str | None
    message: str


@dataclass(frozen=True, slots=True)
class BibtexFile:
    references: list[BibReference]
    problems: list[EntryProblem]


def decode_bibtex(data: bytes) -> str:
    if len(data) > MAX_BIBTEX_BYTES:
        raise UnreadableFile(
            f"the file is over {MAX_BIBTEX_BYTES // 1_048_576} MB; at most {MAX_BIBTEX_BYTES // 1_048_576} MB is read "
            "at once (export the library in parts)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"the file is not UTF-8 text (byte {error.start + 1}); export it again as UTF-8 (Zotero, Mendeley and "
            "Google Scholar all do by default)"
        ) from None


def read_bibtex(text: str) -> BibtexFile:
    """Every entry with its line; an entry that cannot be read, or names no paper, is a problem with its line."""
    text = text.replace("\x00", "")
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    starts: dict[str, list[int]] = {}
    for match in _ENTRY_START.finditer(text):
        if match[1].lower() not in _NOT_ENTRIES:
            starts.setdefault(match[2], []).append(match.start())
    if not starts:
        raise UnreadableFile("the file holds no BibTeX entries (such as @article{key, title={…}, …})")
    if sum(len(offsets) for offsets in starts.values()) > MAX_ENTRIES:
        raise UnreadableFile(f"the file holds more than {MAX_ENTRIES:,} entries; import it in parts")
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True)
    try:
        database = bibtexparser.loads(text, parser)
    except Exception as error:  # bibtexparser raises assorted errors on text it cannot split at all
        raise UnreadableFile(f"the file could not be read as BibTeX: {error}") from None

    def line_of(offset: int) -> int:
        return bisect_right(line_starts, offset)

    references, problems = [], []
    for entry in database.entries:
        key = entry.get("ID", "")
        line = line_of(_claim(starts, key))
        reference = _reference(entry, line)
        if reference.title is None and reference.arxiv_id is None and reference.doi is None:
            problems.append(EntryProblem(line, key, "the entry has no title, arXiv id or DOI to match"))
        else:
            references.append(reference)
    for comment in database.comments:
        piece = comment.strip()
        opening = _ENTRY_START.match(piece)
        if opening is None or opening[1].lower() in _NOT_ENTRIES:
            continue  # text between entries, which BibTeX ignores too
        problems.append(
            EntryProblem(
                line_of(_claim(starts, opening[2])),
                opening[2] or None,
                "the entry is malformed (unbalanced braces or a missing comma or key); it was skipped",
            )
        )
    problems.sort(key=lambda problem: problem.line)
    references.sort(key=lambda reference: reference.line)
    return BibtexFile(references, problems)


def _claim(starts: dict[str, list[int]], key: str) -> int:
    """Where the next entry with this key starts (each start is claimed once: keys may repeat)."""
    offsets = starts.get(key) or [0]
    return offsets.pop(0) if len(offsets) > 1 else offsets[0]


def _reference(entry: dict[str, str], line: int) -> BibReference:
    fields = {name.lower(): value for name, value in entry.items()}
    title = _plain(fields.get("title", ""))
    return BibReference(
        line=line, key=entry.get("ID", ""), title=title or None, arxiv_id=_arxiv_id(fields), doi=_doi(fields)
    )


def _arxiv_id(fields: dict[str, str]) -> str | None:
    # An eprint is an arXiv id when the entry says so (archivePrefix, eprinttype) or its shape can only be one.
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    for name in ("arxivid", "arxiv", "eprint"):
        if fields.get(name) and (name != "eprint" or prefix == "arxiv"):
            found = _parsed(fields[name])
            if found:
                return found
    for name in ("doi", "url", "journal", "note", "howpublished", "number", "volume", "booktitle", "eprint"):
        mention = _ARXIV_MENTION.search(fields.get(name, ""))
        if mention:
            found = _parsed(mention[1])
            if found:
                return found
    return None


def _parsed(text: str) -> str | None:
    try:
        return parse_arxiv_id(text).id
    except InvalidArxivId:
        return None


def _doi(fields: dict[str, str]) -> str | None:
    found = _DOI.search(fields.get("doi", "")) or _DOI.search(fields.get("url", ""))
    return found[0].rstrip(".,;").lower() if found else None


def _plain(text: str) -> str:
    text = _MARKUP_COMMAND.sub("", text)
    try:
        text = latex_to_unicode(text)
    except Exception:  # a title with a half-written command stays as it is, braces aside
        log.debug("title left in LaTeX: %r", text[:80])
    return collapse_whitespace(_BRACES.sub("", text))
