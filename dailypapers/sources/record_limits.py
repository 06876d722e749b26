"""What an imported record may hold: text that encodes as UTF-8, counts a 32-bit column holds, sizes a page can
show, and years the calendar pages can reach. A record past any of them is a bad line with the reason."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime

from dailypapers.domain.papers import DailyRecord, PaperRecord
from dailypapers.domain.periods import LATEST_YEAR
from dailypapers.sources.fields import RecordError

MAX_COUNT = 2**31 - 1  # counts, stars and versions are INTEGER columns, 32-bit on PostgreSQL
# arXiv caps abstracts at 1,920 characters and titles are a line or two; these leave room for every real record.
MAX_CHARS = {"title": 1_000, "abstract": 20_000}
MAX_OTHER_CHARS = 2_000  # an author's name, a comment, a journal reference, a link
MAX_AUTHORS = 10_000  # collaborations sign with thousands of names


def check_record(paper: PaperRecord, daily: DailyRecord | None) -> None:
    """Raise RecordError naming the first field of either record that cannot be stored as it is."""
    for record in (paper, daily):
        if record is None:
            continue
        for field in fields(record):
            _check_value(field.name, getattr(record, field.name))
    if len(paper.authors) > MAX_AUTHORS:
        raise RecordError(f"field 'authors' has {len(paper.authors):,} names; at most {MAX_AUTHORS:,} are kept")


def _check_value(name: str, value: object) -> None:
    if isinstance(value, tuple):
        for item in value:
            _check_value(name, item)
    elif isinstance(value, str):
        limit = MAX_CHARS.get(name, MAX_OTHER_CHARS)
        if len(value) > limit:
            raise RecordError(f"field {name!r} is {len(value):,} characters long; at most {limit:,} are allowed")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise RecordError(f"field {name!r} holds a lone surrogate, which is not a character") from None
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not 0 <= value <= MAX_COUNT:
            raise RecordError(f"field {name!r} is {_short(value)}; it must be between 0 and {MAX_COUNT:,}")
    elif isinstance(value, date | datetime) and value.year > LATEST_YEAR:
        raise RecordError(f"field {name!r} is in the year {value.year}; years up to {LATEST_YEAR} only")


def _short(number: int) -> str:
    text = str(number)
    return text if len(text) <= 24 else f"{text[:12]}…({len(text)} digits)"
