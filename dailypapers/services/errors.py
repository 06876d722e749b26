"""Errors services raise for their callers to turn into a 404 page, a problem body or a CLI message."""

from __future__ import annotations


class NotFound(LookupError):
    """The thing asked for does not exist."""
