"""What a re-rendered form shows: the values typed (never passwords), a message per field, a message for all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote


@dataclass(frozen=True, slots=True)
class FormView:
    values: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    message: str | None = None  # about the whole form: wrong password, too many attempts
    notice: str | None = None  # a success to confirm


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another site (an open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    # Percent-encode what a Location header cannot carry (non-ASCII, control characters, spaces).
    return quote(target, safe="/?#[]@!$&'()*+,;=%:~")
