"""arXiv's own metadata snapshot (`arxiv-metadata-oai-snapshot.json`, one JSON object a line): `id, submitter,
authors, title, comments, journal-ref, doi, categories, abstract, versions, update_date, authors_parsed`."""

from __future__ import annotations

from typing import Any

from dailypapers.domain.papers import PaperRecord
from dailypapers.sources.fields import (
    RecordError,
    clean_text,
    optional_str,
    parse_timestamp,
    require_arxiv_id,
    require_str,
)

KEYS = frozenset({"versions", "authors_parsed", "update_date", "journal-ref"})


def parse_record(record: dict[str, Any]) -> PaperRecord:
    arxiv_id, _ = require_arxiv_id(record, "id")
    versions = record.get("versions")
    if not isinstance(versions, list) or not versions:
        raise RecordError("field 'versions' is missing or empty")
    numbers, times = [], []
    for entry in versions:
        if not isinstance(entry, dict) or not str(entry.get("version", "")).startswith("v"):
            raise RecordError(f"field 'versions' holds {str(entry)[:40]!r}, not {{version, created}}")
        try:
            numbers.append(int(str(entry["version"])[1:]))
        except ValueError:
            raise RecordError(f"version {entry['version']!r} is not vN") from None
        times.append(parse_timestamp(entry.get("created"), "versions.created"))
    categories = tuple((record.get("categories") or "").split())
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=max(numbers),
        title=require_str(record, "title"),
        abstract=require_str(record, "abstract"),
        authors=_authors(record),
        categories=categories,
        primary_category=categories[0] if categories else None,
        comment=optional_str(record, "comments"),
        journal_ref=optional_str(record, "journal-ref"),
        doi=optional_str(record, "doi"),
        published_at=min(times),
        arxiv_updated_at=max(times),
    )


def _authors(record: dict[str, Any]) -> tuple[str, ...]:
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
                raise RecordError("field 'authors_parsed' is not a list of [last, first, suffix] lists")
            last, first, suffix = ([*parts, "", ""])[:3]
            name = clean_text(" ".join(part for part in (first, last, suffix) if part))
            if name:
                names.append(name)
        if names:
            return tuple(names)
    authors = require_str(record, "authors")
    return tuple(clean_text(name) for name in authors.replace(" and ", ", ").split(",") if name.strip())
