"""A member's avatar, drawn from their name alone: their initials on a colour picked by a hash of the username, so
the same member looks the same everywhere and no picture is fetched from anywhere."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Avatar:
    initials: str  # one or two letters
    hue: int  # 0-359, for hsl()


def avatar_for(username: str, shown_name: str | None = None) -> Avatar:
    """`ada-lovelace` -> AL; the colour from the username, which never changes, the letters from the shown name."""
    words = _WORD.findall(shown_name or username) or [username or "?"]
    letters = (words[0][0] + words[-1][0]) if len(words) > 1 else words[0][:1]
    digest = hashlib.sha256(username.encode()).digest()
    return Avatar(initials=letters.upper(), hue=int.from_bytes(digest[:2], "big") % 360)
