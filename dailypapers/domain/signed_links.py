"""Signed links for emails: a subscription's id, an optional expiry, and a signature binding both to the address
under the key of the link's purpose (domain/signing.py).

The token names no address (it appears in server logs); the signature covers the address, so a link stops working
if the row it names now belongs to someone else. Nothing is stored: confirming or unsubscribing twice is harmless.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from dailypapers.domain.signing import Purpose, check_signature, sign_value

_TOKEN = re.compile(r"([0-9]{1,12})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})")


def sign_link(*, secret: bytes, purpose: Purpose, subject_id: int, binding: str, expires_at: datetime | None) -> str:
    """`<id>.<expiry as Unix seconds, 0 for never>.<signature>`: short enough for a URL, readable in a log."""
    expiry = int(expires_at.timestamp()) if expires_at is not None else 0
    return f"{subject_id}.{expiry}.{sign_value(secret, purpose=purpose, value=_signed(subject_id, expiry, binding))}"


def get_link_subject(token: str) -> int | None:
    """The id a well-formed token names (not yet verified), so the caller can load what it binds to."""
    match = _TOKEN.fullmatch(token)
    return int(match[1]) if match else None


def check_link(*, secret: bytes, purpose: Purpose, token: str, binding: str, now: datetime) -> bool:
    """Whether the token was signed for this purpose and binding, and has not expired."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        return False
    subject_id, expiry = int(match[1]), int(match[2])
    if not check_signature(secret, purpose=purpose, value=_signed(subject_id, expiry, binding), signature=match[3]):
        return False
    return expiry == 0 or now < datetime.fromtimestamp(expiry, UTC)


def _signed(subject_id: int, expiry: int, binding: str) -> str:
    # The purpose is not in the message: it chose the key.
    return f"{subject_id}\x00{expiry}\x00{binding}"
