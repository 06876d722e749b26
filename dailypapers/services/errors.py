"""Errors services raise for their callers to turn into a 404 page, a problem body or a CLI message."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class NotFound(LookupError):
    """The thing asked for does not exist."""


class Forbidden(PermissionError):
    """The person is known but may not do this (another member's comment, a curator's action)."""


class EmailUnconfirmed(Forbidden):
    """The member has not confirmed their address yet: they read and subscribe, but do not post or vote."""


class InvalidInput(ValueError):
    """What a person entered breaks rules; `errors` maps each form field to what to fix in it."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


class InvalidCredentials(ValueError):
    """Wrong email or password; deliberately silent about which."""


class InvalidLink(ValueError):
    """An emailed link (password, subscription) that is unknown, used already or expired."""


class Refusal(StrEnum):
    """Why an instance's rules turned a request down; the API names each as a problem type `/problems/<value>`."""

    SUBMISSIONS_CLOSED = "submissions-closed"
    DAILY_CAP_REACHED = "daily-cap-reached"
    ALREADY_ON_LIST = "already-on-list"
    PAPER_TOO_OLD = "paper-too-old"
    UNKNOWN_PAPER = "unknown-paper"
    ARXIV_UNAVAILABLE = "arxiv-unavailable"
    NOT_ON_LIST = "not-on-list"
    UNKNOWN_AUTHOR = "unknown-author"
    ALREADY_CLAIMED = "already-claimed"
    AUTHOR_VERIFIED = "author-verified"
    CLAIM_DECIDED = "claim-decided"


class Refused(Exception):
    """A rule says no. `refusal` names which, the message says why in words; `retry_after` (seconds) when
    trying again later can succeed."""

    def __init__(self, refusal: Refusal, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.refusal = refusal
        self.retry_after = retry_after


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
