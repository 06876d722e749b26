"""Errors services raise for their callers to turn into a 404 page, a problem body or a CLI message."""

from __future__ import annotations

from collections.abc import Mapping


class NotFound(LookupError):
    """The thing asked for does not exist."""


class Forbidden(PermissionError):
    """The person is known but may not do this (another member's comment, a curator's action)."""


class InvalidInput(ValueError):
    """What a person entered breaks rules; `errors` maps each form field to what to fix in it."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


class InvalidCredentials(ValueError):
    """Wrong email or password; deliberately silent about which."""


class InvalidLink(ValueError):
    """An emailed link (password, subscription) that is unknown, used already or expired."""


class RateLimitExceeded(Exception):
    """Too many attempts at an action; `retry_after` is how many seconds until the next is allowed."""

    def __init__(self, action: str, *, retry_after: int) -> None:
        super().__init__(f"too many {action.replace('_', ' ')} attempts; try again in {_duration(retry_after)}")
        self.action = action
        self.retry_after = retry_after


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{-(-minutes // 60)} hours"
