"""`/api/v1/daily/{date}/entries`: a day's entries, and a curator adding, pinning, ordering and removing them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.periods import InvalidPeriod, parse_day
from dailypapers.services import curation as curation_service
from dailypapers.web.api.schemas import EntryOut, MemberOut
from dailypapers.web.auth import RequireCurator
from dailypapers.web.deps import ArxivDep, DatabaseDep, NowDep
from dailypapers.web.problems import Problem, problem_responses

router = APIRouter(prefix="/api/v1/daily", tags=["Curation"])


class EntryIn(BaseModel):
    arxiv_id: str = Field(description="An arXiv id or link.", max_length=2000)
    comment: str | None = Field(None, description="Shown with the paper on the list (at most 500 characters).")
    pinned: bool = Field(False, description="Pin it, after the day's other pinned papers.")


class EntryChange(BaseModel):
    pinned: bool | None = Field(None, description="true pins (last among the pinned), false unpins.")
    position: int | None = Field(None, ge=1, description="Place among the pinned, 1 first; pins if need be.")


class CurationEventOut(BaseModel):
    arxiv_id: str
    title: str
    action: Literal["add", "pin", "unpin", "move", "remove"]
    actor: MemberOut | None = Field(description="The curator; null when done from the command line.")
    reason: str | None
    detail: str | None
    created_at: dt.datetime


@router.get("/{date}/entries", summary="A day's entries, pinned first, then most upvoted")
def list_entries(db: DatabaseDep, date: str) -> list[EntryOut]:
    return [EntryOut.of(entry) for entry in curation_service.list_day_entries(db, day=_day(date))]


@router.post(
    "/{date}/entries",
    status_code=201,
    summary="Add a paper to any day's list (curators)",
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
def add_entry(
    body: EntryIn, db: DatabaseDep, user: RequireCurator, now: NowDep, arxiv: ArxivDep, date: str
) -> EntryOut:
    """No submission rule applies: any day, past ones included, and any paper, looked up on arXiv if need be."""
    entry = curation_service.add_to_list(
        db,
        day=_day(date),
        text=body.arxiv_id,
        comment=body.comment,
        curator=user,
        fetcher=arxiv,
        now=now,
        pin=body.pinned,
    )
    return EntryOut.of(entry)


@router.patch(
    "/{date}/entries/{arxiv_id:path}",
    summary="Pin, unpin or move an entry (curators)",
    responses=problem_responses(401, 403, 404, 422),
)
def change_entry(
    body: EntryChange, db: DatabaseDep, user: RequireCurator, now: NowDep, date: str, arxiv_id: str
) -> EntryOut:
    entry = curation_service.update_entry(
        db,
        day=_day(date),
        arxiv_id=_paper(arxiv_id),
        curator=user,
        pinned=body.pinned,
        position=body.position,
        now=now,
    )
    return EntryOut.of(entry)


@router.delete(
    "/{date}/entries/{arxiv_id:path}",
    status_code=204,
    summary="Remove an entry from a day's list (curators)",
    responses=problem_responses(401, 403, 404, 422),
)
def remove_entry(
    db: DatabaseDep,
    user: RequireCurator,
    now: NowDep,
    date: str,
    arxiv_id: str,
    reason: Annotated[str | None, Query(description="Why; kept in the curation log.", max_length=2000)] = None,
) -> Response:
    """The entry goes; the curation log keeps who removed it, when, why and what it was."""
    curation_service.remove_entry(db, day=_day(date), arxiv_id=_paper(arxiv_id), curator=user, reason=reason, now=now)
    return Response(status_code=204)


@router.get(
    "/{date}/log", summary="What curators did to a day's list (curators)", responses=problem_responses(401, 403)
)
def list_log(db: DatabaseDep, user: RequireCurator, date: str) -> list[CurationEventOut]:
    return [
        CurationEventOut(
            arxiv_id=event.arxiv_id,
            title=event.title,
            action=event.action.value,
            actor=MemberOut.of(event.actor) if event.actor else None,
            reason=event.reason,
            detail=event.detail,
            created_at=event.created_at,
        )
        for event in curation_service.list_curation_log(db, day=_day(date))
    ]


def _day(text: str) -> dt.date:
    try:
        return parse_day(text).start
    except InvalidPeriod as error:
        raise Problem(422, f"date: {error}") from None


def _paper(text: str) -> str:
    try:
        return parse_arxiv_id(text).id
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
