"""Reading one page of arXiv's OAI-PMH `ListRecords` answer (`metadataPrefix=arXiv`) into paper records.

The envelope is OAI-PMH 2.0 (http://www.openarchives.org/OAI/openarchivesprotocol.html, sections 3.5 and 4.5);
the metadata is arXiv's own format (https://info.arxiv.org/help/oa/index.html, schema http://arxiv.org/OAI/arXiv.xsd).
The page is parsed as a stream, each record dropped once read, so memory is one page's records whatever the list's
size. A page that is not well-formed XML to its last tag is refused whole: nothing of it is ever applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from io import BytesIO

from lxml import etree  # type: ignore[import-untyped]  # no stubs are pinned; the calls here are few

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.papers import PaperRecord
from dailypapers.sources.fields import RecordError
from dailypapers.sources.record_limits import check_record

OAI = "{http://www.openarchives.org/OAI/2.0/}"
ARXIV = "{http://arxiv.org/OAI/arXiv/}"
IDENTIFIER_PREFIX = "oai:arXiv.org:"
_AUTHORS = f"{ARXIV}authors"
_NAME_PARTS = (f"{ARXIV}forenames", f"{ARXIV}keyname", f"{ARXIV}suffix")


class PageError(ValueError):
    """The bytes are not a readable OAI-PMH answer (truncated, an HTML error page, ...); the message says why."""


@dataclass(frozen=True, slots=True)
class OaiError:
    """An `<error code="...">` the repository answered instead of records."""

    code: str  # badArgument, badResumptionToken, noRecordsMatch, cannotDisseminateFormat, badVerb, ...
    message: str


@dataclass(frozen=True, slots=True)
class RecordProblem:
    identifier: str
    reason: str

    def __str__(self) -> str:
        return f"{self.identifier}: {self.reason}"


@dataclass(slots=True)
class OaiPage:
    response_date: datetime | None = None
    papers: list[PaperRecord] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # arXiv ids whose header says status="deleted"
    problems: list[RecordProblem] = field(default_factory=list)
    errors: list[OaiError] = field(default_factory=list)
    # None on the last page (the token element is then absent or empty).
    resumption_token: str | None = None
    complete_list_size: int | None = None
    cursor: int | None = None

    @property
    def record_count(self) -> int:
        return len(self.papers) + len(self.deleted) + len(self.problems)


def parse_page(body: bytes) -> OaiPage:
    page = OaiPage()
    events = etree.iterparse(
        BytesIO(body),
        # Only the elements read here raise an event: the parser does the rest of the walking in C.
        events=("start", "end"),
        tag=(f"{OAI}OAI-PMH", f"{OAI}record", f"{OAI}responseDate", f"{OAI}error", f"{OAI}resumptionToken"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    root_seen = False
    try:
        for event, element in events:
            tag = element.tag
            if event == "start":
                root_seen = root_seen or tag == f"{OAI}OAI-PMH"
                continue
            if tag == f"{OAI}record":
                _read_record(element, page)
                element.clear(keep_tail=False)
                # Records already read would otherwise stay attached to the tree.
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
            elif tag == f"{OAI}responseDate":
                page.response_date = _parse_datetime(element.text)
            elif tag == f"{OAI}error":
                page.errors.append(OaiError(element.get("code", "unknown"), _fold(element.text or "")))
            elif tag == f"{OAI}resumptionToken":
                page.resumption_token = (element.text or "").strip() or None
                page.complete_list_size = _optional_int(element.get("completeListSize"))
                page.cursor = _optional_int(element.get("cursor"))
    except etree.XMLSyntaxError as error:
        raise PageError(f"the answer is not well-formed XML, perhaps truncated ({error})") from None
    if not root_seen:
        raise PageError("the answer is not an OAI-PMH answer (no OAI-PMH root element)")
    return page


def _read_record(record: etree._Element, page: OaiPage) -> None:
    header = record.find(f"{OAI}header")
    identifier = _text(header, f"{OAI}identifier") if header is not None else None
    if header is None or identifier is None:
        page.problems.append(RecordProblem("(no identifier)", "the record has no header identifier"))
        return
    if header.get("status") == "deleted":
        try:
            page.deleted.append(parse_arxiv_id(identifier.removeprefix(IDENTIFIER_PREFIX)).id)
        except InvalidArxivId as error:
            page.problems.append(RecordProblem(identifier, str(error)))
        return
    metadata = record.find(f"{OAI}metadata/{ARXIV}arXiv")
    try:
        if metadata is None:
            raise RecordError("the record has no arXiv metadata")
        paper = _read_metadata(metadata)
        check_record(paper, None)
    except (RecordError, InvalidArxivId) as error:
        page.problems.append(RecordProblem(identifier, str(error)))
        return
    page.papers.append(paper)


def _read_metadata(metadata: etree._Element) -> PaperRecord:
    # One pass over the children: a path lookup per field costs more than the parse itself.
    values: dict[str, str] = {}
    authors: list[str] = []
    for child in metadata:
        if child.tag == _AUTHORS:
            authors.extend(name for author in child if (name := _name(author)))
        elif child.text:
            values[child.tag] = child.text
    raw_id = _field(values, "id")
    if raw_id is None:
        raise RecordError("the metadata has no id")
    arxiv_id = parse_arxiv_id(raw_id)
    title, abstract = _field(values, "title"), _field(values, "abstract")
    if title is None or abstract is None:
        raise RecordError("the title or the abstract is missing")
    if not authors:
        raise RecordError("the record names no author")
    # arXiv lists the primary category first (the arXiv.xsd `categories` element).
    categories = tuple(values.get(f"{ARXIV}categories", "").split())
    created, updated = _field(values, "created"), _field(values, "updated")
    return PaperRecord(
        arxiv_id=arxiv_id.id,
        version=arxiv_id.version,
        title=title,
        abstract=abstract,
        authors=tuple(authors),
        categories=categories,
        primary_category=next(iter(categories), None),
        comment=_field(values, "comments"),
        journal_ref=_field(values, "journal-ref"),
        doi=_field(values, "doi"),
        published_at=_parse_day(created, "created") if created else None,
        arxiv_updated_at=_parse_day(updated, "updated") if updated else None,
    )


def _name(author: etree._Element) -> str:
    """`forenames keyname suffix`, the order the paper prints them in."""
    parts = {part.tag: part.text for part in author}
    return " ".join(_fold(parts.get(tag) or "") for tag in _NAME_PARTS if parts.get(tag)).strip()


def _field(values: dict[str, str], name: str) -> str | None:
    text = values.get(ARXIV + name)
    return _fold(text) or None if text else None


def _text(parent: etree._Element, tag: str) -> str | None:
    text = parent.findtext(tag)
    return _fold(text) or None if text else None


def _fold(text: str) -> str:
    """arXiv's hard line breaks and runs of spaces as single spaces (as sources/fields.clean_text, faster here)."""
    return " ".join(text.split())


def _parse_day(text: str, name: str) -> datetime:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise RecordError(f"field {name!r} is not a date (YYYY-MM-DD): {text[:40]!r}") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _parse_datetime(text: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _optional_int(text: str | None) -> int | None:
    return int(text) if text is not None and text.strip().isdigit() else None
