"""Reading typed fields out of one decoded JSON record, with a reason when a field is unusable."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id

_SPACES = re.compile(r"\s+")


class RecordError(ValueError):
    """This record cannot be imported; the message says why."""


def clean_text(value: str) -> str:
    """Fold the hard line breaks and runs of spaces arXiv metadata carries into single spaces."""
    return _SPACES.sub(" ", value).strip()


def require_str(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"field {key!r} is missing or not a non-empty string")
    return clean_text(value)


def optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} is not a string")
    return clean_text(value) or None


def optional_int(record: dict[str, Any], key: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RecordError(f"field {key!r} is not a non-negative integer")
    return value


def str_list(record: dict[str, Any], key: str, *, required: bool = True) -> tuple[str, ...]:
    value = record.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecordError(f"field {key!r} is not a list of strings")
    items = tuple(clean_text(item) for item in value if item.strip())
    if required and not items:
        raise RecordError(f"field {key!r} is empty")
    return items


def require_arxiv_id(record: dict[str, Any], key: str) -> tuple[str, int | None]:
    raw = record.get(key)
    if not isinstance(raw, str):
        raise RecordError(f"field {key!r} is missing or not a string")
    try:
        parsed = parse_arxiv_id(raw)
    except InvalidArxivId as error:
        raise RecordError(str(error)) from None
    return parsed.id, parsed.version


def parse_date(value: Any, key: str) -> date:
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} is missing or not a date string")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise RecordError(f"field {key!r} is not a date: {value[:40]!r}") from None


def parse_timestamp(value: Any, key: str) -> datetime:
    """An ISO 8601 time (`2024-05-24T17:34:15.000Z`) or an RFC 2822 one (`Mon, 2 Apr 2007 19:18:42 GMT`)."""
    if not isinstance(value, str) or not value:
        raise RecordError(f"field {key!r} is missing or not a time string")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            raise RecordError(f"field {key!r} is not a time: {value[:40]!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def optional_timestamp(record: dict[str, Any], key: str) -> datetime | None:
    value = record.get(key)
    return None if value is None else parse_timestamp(value, key)


def midnight_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
