"""Author names and the key that groups a name's spellings onto one author page."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def author_key(name: str) -> str:
    """`Zoë  Müller-Lee` and `Zoe Muller-Lee` share the key `zoe-muller-lee`, used in author page URLs."""
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(char for char in folded if not unicodedata.combining(char)).lower()
    key = _NON_WORD.sub("-", ascii_only).strip("-")
    # A name with no Latin letters keeps its own characters rather than collapsing to nothing.
    return key[:255] or "-".join(name.lower().split())[:255]
