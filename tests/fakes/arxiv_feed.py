"""Atom feeds shaped like the arXiv API's own (per its user manual, sections 3.3 and 5.2), written from
the real papers in tests/fixtures/arxiv_cs_fixture_500.jsonl: hard-wrapped titles and summaries, the
`arxiv:` and `opensearch:` namespaces declared on each element, and the abs and pdf links.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "arxiv_cs_fixture_500.jsonl"
_ARXIV_NS = 'xmlns:arxiv="http://arxiv.org/schemas/atom"'
_OPENSEARCH_NS = 'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"'
# arXiv stamps each feed with the day's date, midnight New York time; a fixed one keeps answers repeatable.
FEED_UPDATED = "2026-07-01T00:00:00-04:00"


@dataclass(frozen=True)
class FakePaper:
    """A paper the fake arXiv knows. `versions` holds each version's submission time, oldest first."""

    arxiv_id: str
    title: str
    abstract: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    primary_category: str
    versions: tuple[datetime, ...]
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    row: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_row(cls, row: dict[str, Any], **overrides: Any) -> FakePaper:
        # The fixture has no submission times; its first listing day stands in for version 1's.
        first = datetime.combine(date.fromisoformat(row["first_listed"]), time(0), UTC)
        values: dict[str, Any] = {
            "arxiv_id": row["id"],
            "title": row["title"],
            "abstract": row["abstract"],
            "authors": tuple(row["authors"]),
            "categories": tuple(row["categories"]),
            "primary_category": row["primary_category"],
            "versions": (first,),
            "comment": row.get("comment") or None,
            "row": row,
        }
        return cls(**(values | overrides))


def load_fixture_rows(path: Path = FIXTURE) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return {row["id"]: row for row in rows}


def render_entry(paper: FakePaper, *, version: int | None = None) -> str:
    """One paper's entry; the latest version unless `version` names another."""
    number = version or len(paper.versions)
    versioned = f"{paper.arxiv_id}v{number}"
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{versioned}</id>",
        f"    <updated>{_stamp(paper.versions[number - 1])}</updated>",
        f"    <published>{_stamp(paper.versions[0])}</published>",
        f"    <title>{escape(_wrap_title(paper.title))}</title>",
        f"    <summary>{escape(_wrap_summary(paper.abstract))}</summary>",
    ]
    for author in paper.authors:
        lines += ["    <author>", f"      <name>{escape(author)}</name>", "    </author>"]
    if paper.doi:
        lines.append(f"    <arxiv:doi {_ARXIV_NS}>{escape(paper.doi)}</arxiv:doi>")
        lines.append(f'    <link title="doi" href={quoteattr("http://dx.doi.org/" + paper.doi)} rel="related"/>')
    if paper.comment:
        lines.append(f"    <arxiv:comment {_ARXIV_NS}>{escape(_wrap_title(paper.comment))}</arxiv:comment>")
    if paper.journal_ref:
        lines.append(f"    <arxiv:journal_ref {_ARXIV_NS}>{escape(paper.journal_ref)}</arxiv:journal_ref>")
    lines += [
        f'    <link href="http://arxiv.org/abs/{versioned}" rel="alternate" type="text/html"/>',
        f'    <link title="pdf" href="http://arxiv.org/pdf/{versioned}" rel="related" type="application/pdf"/>',
        f'    <arxiv:primary_category {_ARXIV_NS} term="{paper.primary_category}" '
        'scheme="http://arxiv.org/schemas/atom"/>',
    ]
    lines += [f'    <category term="{term}" scheme="http://arxiv.org/schemas/atom"/>' for term in paper.categories]
    lines.append("  </entry>")
    return "\n".join(lines)


def render_feed(
    *,
    id_list: str,
    entries: Sequence[str],
    max_results: int,
    start: int = 0,
    items_per_page: int | None = None,
) -> bytes:
    query = f"search_query=&id_list={id_list}&start={start}&max_results={max_results}"
    self_link = "http://arxiv.org/api/query?" + query.replace("=", "%3D").replace("&", "%26")
    per_page = items_per_page or max_results
    feed_id = hashlib.sha1(query.encode(), usedforsecurity=False).hexdigest()[:27]
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f'  <link href={quoteattr(self_link)} rel="self" type="application/atom+xml"/>',
        f'  <title type="html">ArXiv Query: {escape(query)}</title>',
        f"  <id>http://arxiv.org/api/{feed_id}</id>",
        f"  <updated>{FEED_UPDATED}</updated>",
        f"  <opensearch:totalResults {_OPENSEARCH_NS}>{len(entries)}</opensearch:totalResults>",
        f"  <opensearch:startIndex {_OPENSEARCH_NS}>{start}</opensearch:startIndex>",
        f"  <opensearch:itemsPerPage {_OPENSEARCH_NS}>{per_page}</opensearch:itemsPerPage>",
    ]
    return "\n".join([*head, *entries, "</feed>", ""]).encode()


def render_error_feed(*, id_list: str, message: str, max_results: int = 10) -> bytes:
    """What arXiv answers (with HTTP 400) to a query it refuses, e.g. a malformed id."""
    anchor = "http://arxiv.org/api/errors#" + message.replace(" ", "_")
    entry = "\n".join(
        [
            "  <entry>",
            f"    <id>{escape(anchor)}</id>",
            "    <title>Error</title>",
            f"    <summary>{escape(message)}</summary>",
            f"    <updated>{FEED_UPDATED}</updated>",
            f'    <link href={quoteattr(anchor)} rel="alternate" type="text/html"/>',
            "    <author>",
            "      <name>arXiv api core</name>",
            "    </author>",
            "  </entry>",
        ]
    )
    return render_feed(id_list=id_list, entries=[entry], max_results=max_results, items_per_page=1)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _wrap_title(text: str) -> str:
    # arXiv keeps the submitter's line breaks; titles come back broken near 70 columns, indented two.
    return "\n  ".join(_wrap(text, 70)) or text


def _wrap_summary(text: str) -> str:
    # Summaries open with two spaces, wrap near 80 columns and end with a line break.
    return "  " + "\n".join(_wrap(text, 80)) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    # Only at spaces: a break inside "cross-modal" would read back as "cross- modal".
    return textwrap.wrap(text, width=width, break_on_hyphens=False, break_long_words=False)
