"""Text a request brings must be text: JSON may spell half of a UTF-16 surrogate pair (`"\\ud800"`), which Python
decodes into a string that no database, template or email can encode. Such a body is refused whole, as a 422
problem naming the field, before any route reads it."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from dailypapers.web.csrf import UNSAFE_METHODS

LONE_SURROGATE = "Text holds a lone surrogate (half of a UTF-16 pair), which is not a character"


async def refuse_lone_surrogates(request: Request) -> None:
    """App-wide dependency: a JSON body with an unencodable string anywhere raises RequestValidationError."""
    if request.method not in UNSAFE_METHODS or "json" not in request.headers.get("content-type", ""):
        return
    try:
        data = json.loads(await request.body())  # the route's own parse reports malformed JSON
    except ValueError:
        return
    location = find_unencodable(data)
    if location is not None:
        error = {"type": "string_unicode", "loc": ("body", *location), "msg": LONE_SURROGATE, "input": None}
        raise RequestValidationError([error])


def find_unencodable(value: Any, location: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where in decoded JSON the first string that UTF-8 cannot encode sits (keys included), or None."""
    if isinstance(value, str):
        return None if _encodable(value) else location
    if isinstance(value, list):
        items: Any = enumerate(value)
    elif isinstance(value, dict):
        items = value.items()
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and not _encodable(key):
            return (*location, key.encode("utf-8", "backslashreplace").decode())
        found = find_unencodable(item, (*location, key))
        if found is not None:
            return found
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
