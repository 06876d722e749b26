"""OAI-PMH 2.0 `ListRecords` answers in arXiv's shape (`metadataPrefix=arXiv`), written from the shipped arXiv
listings (tests/fixtures/arxiv_cs_fixture_500.jsonl, /work/shared/data/arxiv-cs/...): the envelope of the OAI-PMH
spec (section 4.5 and its examples), arXiv's metadata elements in the order of http://arxiv.org/OAI/arXiv.xsd,
abstracts hard-wrapped with a leading space and newline as arXiv serves them, and a resumption token with `cursor`
and `completeListSize` on every page, empty on the last.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape, quoteattr

_ENVELOPE_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n'
)
_ARXIV_OPEN = (
    '<arXiv xmlns="http://arxiv.org/OAI/arXiv/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd">'
)
LICENSE = "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"


@dataclass(frozen=True)
class OaiRecord:
    """One record as the repository holds it: a listing row and its datestamp, or a deleted header."""

    arxiv_id: str
    datestamp: date
    row: dict[str, Any] | None  # None: deleted
    updated: date | None = None

    @property
    def archives(self) -> tuple[str, ...]:
        """The sets the record is in: the archive of each of its categories, primary first."""
        if self.row is None:
            return ("cs",)
        categories = [self.row["primary_category"], *self.row["categories"]]
        return tuple(dict.fromkeys(str(category).split(".")[0] for category in categories))


def record_from_row(row: dict[str, Any], *, datestamp: date | None = None) -> OaiRecord:
    day = datestamp or date.fromisoformat(row["first_listed"])
    return OaiRecord(arxiv_id=row["id"], datestamp=day, row=row)


def render_page(
    records: Sequence[OaiRecord] = (),
    *,
    rendered: Sequence[str] = (),
    request: dict[str, str],
    base_url: str,
    response_date: str,
    token: str | None,
    cursor: int,
    complete_list_size: int,
) -> bytes:
    parts = [_ENVELOPE_OPEN, f"<responseDate>{response_date}</responseDate>\n", _request(request, base_url)]
    parts.append("<ListRecords>\n")
    parts.extend(rendered or [render_record(record) for record in records])
    size = f'cursor="{cursor}" completeListSize="{complete_list_size}"'
    parts.append(
        f"<resumptionToken {size}>{escape(token)}</resumptionToken>\n" if token else f"<resumptionToken {size}/>\n"
    )
    parts.append("</ListRecords>\n</OAI-PMH>\n")
    return "".join(parts).encode("utf-8")


def render_error(*, request: dict[str, str], base_url: str, response_date: str, code: str, message: str) -> bytes:
    # The spec leaves out the request's arguments when they are the error (badArgument, badResumptionToken, badVerb).
    shown = {} if code in ("badArgument", "badResumptionToken", "badVerb") else request
    text = (
        _ENVELOPE_OPEN
        + f"<responseDate>{response_date}</responseDate>\n"
        + _request(shown, base_url)
        + f'<error code="{code}">{escape(message)}</error>\n</OAI-PMH>\n'
    )
    return text.encode("utf-8")


def render_record(record: OaiRecord) -> str:
    set_spec = "".join(f"<setSpec>{archive}</setSpec>" for archive in record.archives)
    if record.row is None:
        return (
            f'<record><header status="deleted"><identifier>oai:arXiv.org:{record.arxiv_id}</identifier>'
            f"<datestamp>{record.datestamp.isoformat()}</datestamp>{set_spec}</header></record>\n"
        )
    row = record.row
    fields = [f"<id>{escape(row['id'])}</id>", f"<created>{row['first_listed']}</created>"]
    if record.updated is not None:
        fields.append(f"<updated>{record.updated.isoformat()}</updated>")
    fields.append("<authors>" + "".join(_author(name) for name in row["authors"]) + "</authors>")
    fields.append(f"<title>{_wrap(row['title'], indent='  ')}</title>")
    categories = [row["primary_category"], *[c for c in row["categories"] if c != row["primary_category"]]]
    fields.append(f"<categories>{escape(' '.join(categories))}</categories>")
    if row.get("comment"):
        fields.append(f"<comments>{_wrap(row['comment'], indent='  ')}</comments>")
    fields.append(f"<license>{LICENSE}</license>")
    fields.append(f"<abstract>  {_wrap(row['abstract'], indent='')}\n</abstract>")
    return (
        f"<record><header><identifier>oai:arXiv.org:{row['id']}</identifier>"
        f"<datestamp>{record.datestamp.isoformat()}</datestamp>{set_spec}</header>"
        f"<metadata>\n{_ARXIV_OPEN}" + "".join(fields) + "</arXiv>\n</metadata>\n</record>\n"
    )


def _author(name: str) -> str:
    # The listings hold whole names; arXiv splits each into keyname (the family name) and forenames.
    forenames, _, keyname = name.rpartition(" ")
    inner = f"<keyname>{escape(keyname)}</keyname>"
    if forenames:
        inner += f"<forenames>{escape(forenames)}</forenames>"
    return f"<author>{inner}</author>"


def _wrap(text: str, *, indent: str) -> str:
    return escape(
        "\n".join(
            textwrap.wrap(text, width=80, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)
        )
    )


def _request(arguments: dict[str, str], base_url: str) -> str:
    attributes = "".join(f" {name}={quoteattr(value)}" for name, value in arguments.items())
    return f"<request{attributes}>{escape(base_url)}</request>\n"
