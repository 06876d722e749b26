"""Curating a day's list: the actions a curator takes, their log entries, and the order of pinned papers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from dailypapers.domain.users import MemberRef


class CurationAction(StrEnum):
    ADD = "add"
    PIN = "pin"
    UNPIN = "unpin"
    MOVE = "move"
    REMOVE = "remove"


@dataclass(frozen=True, slots=True)
class CurationEvent:
    id: int
    day: date
    arxiv_id: str
    title: str
    actor: MemberRef | None  # None: done from the command line
    action: CurationAction
    reason: str | None
    detail: str | None
    created_at: datetime


def move_to(order: Sequence[int], *, item: int, position: int) -> list[int]:
    """`order` with `item` placed at 1-based `position` (clamped to the ends), the others keeping their order."""
    rest = [other for other in order if other != item]
    index = min(max(position, 1), len(rest) + 1) - 1
    return [*rest[:index], item, *rest[index:]]
