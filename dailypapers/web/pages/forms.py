"""What a re-rendered form shows: the values typed (never passwords), a message per field, a message for all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from dailypapers.domain import urls


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


def back_to_card(next_path: str, arxiv_id: str) -> str:
    """Where a card's form (vote, "not interested") returns: the page it was on, at the paper's card; the paper's
    page when it says none."""
    back = safe_next(next_path) if next_path else urls.paper_path(arxiv_id)
    return f"{back.split('#', 1)[0]}#paper-{arxiv_id}"
