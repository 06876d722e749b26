"""Text as people type it: control characters removed before anything is stored or looked up.

PostgreSQL refuses NUL in text, and no name or title needs a control character; tabs and line breaks stay for
fields that hold paragraphs.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def remove_control_characters(text: str) -> str:
    """The text without control characters other than tab, line feed and carriage return."""
    return _CONTROL.sub("", text)


def collapse_whitespace(text: str) -> str:
    """One line: control characters gone, runs of spaces and line breaks made single spaces, ends trimmed."""
    return " ".join(remove_control_characters(text).split())


def excerpt(text: str, limit: int) -> str:
    """The text's opening, cut at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
