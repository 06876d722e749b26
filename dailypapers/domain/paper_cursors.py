"""The cursor of the every-paper list (`GET /api/papers`): where the last page ended, newest first, in an opaque
token a client hands back unread. Keyset paging, so a page costs the same deep in the list as at its head."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_PAPER_ID = 2**63 - 1  # what the row id column holds; a larger one would overflow the database driver
_UNREADABLE = "cursor: not one this site wrote; start again without it"


class InvalidCursor(ValueError):
    """A cursor this site did not write (or one mangled on the way)."""


@dataclass(frozen=True, slots=True)
class PaperCursor:
    """The last paper of a page: the list is ordered by publication time (unknown ones last), then row id."""

    published_at: datetime | None
    paper_id: int


def encode_cursor(cursor: PaperCursor) -> str:
    published = cursor.published_at.astimezone(UTC).isoformat() if cursor.published_at else None
    payload = json.dumps([published, cursor.paper_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(text: str) -> PaperCursor:
    try:
        payload = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError) as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise InvalidCursor(_UNREADABLE) from error
    match payload:
        case [str() | None as published, int() as paper_id] if 1 <= paper_id <= MAX_PAPER_ID:
            return PaperCursor(_timestamp(published) if published is not None else None, paper_id)
    raise InvalidCursor(_UNREADABLE)


def _timestamp(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
        if value.tzinfo is None:
            raise ValueError("naive")
        return value.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: an offset that moves year 1 or 9999 out of range
        raise InvalidCursor(_UNREADABLE) from None
