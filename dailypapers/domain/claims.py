"""Authors claiming their papers: a claim's states, and where approved claims sit in a byline that may have
changed since (a newer arXiv version can reorder or extend its authors)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dailypapers.domain.authors import author_key
from dailypapers.domain.users import MemberRef


class ClaimStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class AuthorClaim:
    id: int
    paper_id: int
    arxiv_id: str
    paper_title: str
    author_position: int  # 0-based, as in paper_authors
    author_name: str
    claimant: MemberRef
    status: ClaimStatus
    note: str | None
    created_at: datetime
    decided_at: datetime | None
    decided_by: MemberRef | None


def place_verified_authors(authors: Sequence[str], claims: Iterable[AuthorClaim]) -> dict[int, MemberRef]:
    """Byline position -> the member verified as that author. A claim keeps its position while the name there
    still matches; otherwise it follows the name, and a name no longer in the byline shows no one."""
    keys = [author_key(name) for name in authors]
    placed: dict[int, MemberRef] = {}
    for claim in claims:
        if claim.status is not ClaimStatus.APPROVED:
            continue
        wanted = author_key(claim.author_name)
        if claim.author_position < len(keys) and keys[claim.author_position] == wanted:
            position: int | None = claim.author_position
        else:
            position = next((index for index, key in enumerate(keys) if key == wanted), None)
        if position is not None and position not in placed:
            placed[position] = claim.claimant
    return placed
