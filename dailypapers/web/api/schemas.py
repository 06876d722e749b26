"""The `/api/v1` shapes shared by submissions, curation and claims."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from dailypapers.domain import urls
from dailypapers.domain.claims import AuthorClaim
from dailypapers.domain.papers import DailyEntry
from dailypapers.domain.users import MemberRef


class MemberOut(BaseModel):
    username: str
    display_name: str | None

    @classmethod
    def of(cls, member: MemberRef) -> MemberOut:
        return cls(username=member.username, display_name=member.display_name)


class EntryOut(BaseModel):
    """A paper's place on one day's list."""

    day: date
    arxiv_id: str
    title: str
    url: str = Field(description="The paper's page on this site.")
    published_at: datetime | None = Field(description="When arXiv published the paper.")
    added_at: datetime
    pinned: bool
    position: int | None = Field(description="Order among the day's pinned entries, 1 first; null when unpinned.")
    submitted_by: MemberOut | None = Field(description="The member who submitted it here.")
    submitter_name: str | None = Field(description="The submitter named by an imported Daily Papers archive.")
    comment: str | None
    upvotes: int

    @classmethod
    def of(cls, entry: DailyEntry) -> EntryOut:
        paper = entry.paper
        return cls(
            day=entry.day,
            arxiv_id=paper.arxiv_id,
            title=paper.title,
            url=urls.paper_path(paper.arxiv_id),
            published_at=paper.published_at,
            added_at=entry.added_at,
            pinned=entry.pinned,
            position=entry.position,
            submitted_by=MemberOut.of(entry.submitted_by) if entry.submitted_by else None,
            submitter_name=entry.submitter_name,
            comment=entry.comment,
            upvotes=paper.upvote_count,
        )


class ClaimOut(BaseModel):
    id: int
    arxiv_id: str
    paper_title: str
    author_position: int = Field(description="0-based index into the paper's authors.")
    author_name: str
    member: MemberOut
    status: Literal["pending", "approved", "rejected"]
    note: str | None
    created_at: datetime
    decided_at: datetime | None
    decided_by: MemberOut | None

    @classmethod
    def of(cls, claim: AuthorClaim) -> ClaimOut:
        return cls(
            id=claim.id,
            arxiv_id=claim.arxiv_id,
            paper_title=claim.paper_title,
            author_position=claim.author_position,
            author_name=claim.author_name,
            member=MemberOut.of(claim.claimant),
            status=claim.status.value,
            note=claim.note,
            created_at=claim.created_at,
            decided_at=claim.decided_at,
            decided_by=MemberOut.of(claim.decided_by) if claim.decided_by else None,
        )
