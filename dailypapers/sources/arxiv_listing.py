"""The arXiv listing rows of the shipped corpus (`id, title, authors, categories, primary_category, abstract,
comment, first_listed, listed_dates`): one row per paper, as the daily listing first announced it."""

from __future__ import annotations

from typing import Any

from dailypapers.domain.papers import PaperRecord
from dailypapers.sources.fields import (
    midnight_utc,
    optional_str,
    parse_date,
    require_arxiv_id,
    require_str,
    str_list,
)

KEYS = frozenset({"first_listed", "listed_dates"})


def parse_record(record: dict[str, Any]) -> PaperRecord:
    arxiv_id, version = require_arxiv_id(record, "id")
    categories = str_list(record, "categories", required=False)
    # The listing date is the announcement day: the closest the listing comes to a publication date.
    first_listed = record.get("first_listed")
    published_at = midnight_utc(parse_date(first_listed, "first_listed")) if first_listed else None
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        title=require_str(record, "title"),
        abstract=require_str(record, "abstract"),
        authors=str_list(record, "authors"),
        categories=categories,
        primary_category=optional_str(record, "primary_category") or (categories[0] if categories else None),
        comment=optional_str(record, "comment"),
        published_at=published_at,
    )
