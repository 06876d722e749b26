"""Stars of a paper's repository: the count now and what it gained over the last week and month, from the daily
counts the stars refresh keeps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

WEEK_DAYS = 7
MONTH_DAYS = 30
GITHUB_PREFIX = "https://github.com/"


@dataclass(frozen=True, slots=True)
class StarsGained:
    week: int | None  # None: no count as old as a week yet
    month: int | None


def stars_gained(history: Mapping[date, int], *, today: date) -> StarsGained:
    """Stars at the latest count minus the count `WEEK_DAYS` / `MONTH_DAYS` before it (the newest count on or
    before that day); None when the history does not reach back that far."""
    if not history:
        return StarsGained(None, None)
    latest_day = max(day for day in history if day <= today) if any(day <= today for day in history) else None
    if latest_day is None:
        return StarsGained(None, None)
    now = history[latest_day]

    def since(days: int) -> int | None:
        cutoff = today - timedelta(days=days)
        older = [day for day in history if day <= cutoff]
        return now - history[max(older)] if older else None

    return StarsGained(since(WEEK_DAYS), since(MONTH_DAYS))


def github_full_name(link: str) -> str | None:
    """`owner/name` of a stored GitHub code link; None for GitLab, Spaces and anything else."""
    if not link.startswith(GITHUB_PREFIX):
        return None
    rest = link.removeprefix(GITHUB_PREFIX)
    return rest if rest.count("/") == 1 else None


def github_link(full_name: str) -> str:
    return GITHUB_PREFIX + full_name
