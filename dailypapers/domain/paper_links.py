"""A paper's links as people correct them: who may, and the log of what changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dailypapers.domain.users import MemberRef, Role, User


class LinkField(StrEnum):
    GITHUB_REPO = "github_repo"
    PROJECT_PAGE = "project_page"


@dataclass(frozen=True, slots=True)
class LinkChange:
    field: LinkField
    old_value: str | None
    new_value: str | None
    actor: MemberRef | None  # None: the command line, or the stars refresh following a moved repository
    reason: str | None
    created_at: datetime


def may_edit_links(user: User, *, verified: Mapping[int, MemberRef]) -> bool:
    """Curators (and admins) edit any paper's links; a member those of papers they are a verified author of."""
    return user.role.includes(Role.CURATOR) or any(member.id == user.id for member in verified.values())
