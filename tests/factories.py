"""Factories: real papers and daily entries with defaults, overridden by keyword."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.papers import PaperRecord
from dailypapers.sources import arxiv_listing
from dailypapers.store.daily import add_daily_entries
from dailypapers.store.paper_writes import raise_imported_counts, upsert_papers

FIXTURE_FILE = Path(__file__).resolve().parent / "fixtures" / "arxiv_cs_fixture_500.jsonl"
NOW = datetime(2025, 6, 12, 9, 0, tzinfo=UTC)


@cache
def real_records() -> tuple[PaperRecord, ...]:
    """The 500 real arXiv papers of the fixture file, as records."""
    with FIXTURE_FILE.open() as lines:
        return tuple(arxiv_listing.parse_record(json.loads(line)) for line in lines)


_next_record = itertools.count()


def make_record(**overrides: Any) -> PaperRecord:
    """A real paper from the fixture, a different one each call, with fields overridden."""
    base = real_records()[next(_next_record) % len(real_records())]
    return replace(base, **overrides)


@pytest.fixture
def make_paper(db: Database) -> Callable[..., str]:
    """Store a paper (a real one, fields overridden); returns its arXiv id.

    `day=` also puts it on that day's list; `upvotes=`/`comments=` set its imported counts.
    """

    def make(
        *,
        day: date | None = None,
        upvotes: int = 0,
        comments: int = 0,
        added_at: datetime | None = None,
        submitter: str | None = None,
        **overrides: Any,
    ) -> str:
        record = make_record(**overrides)
        with db.transaction() as connection:
            result = upsert_papers(connection, [record], now=NOW)
            paper_id = result.paper_ids[record.arxiv_id]
            raise_imported_counts(connection, counts={paper_id: (upvotes, comments)})
            if day is not None:
                when = added_at or datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
                add_daily_entries(connection, entries=[(day, paper_id, when, submitter)])
        return record.arxiv_id

    return make
