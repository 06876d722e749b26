"""The admins' review of author claims, `/admin/claims`: pending ones oldest first, with rival claims beside each;
approve or reject (rejecting an approved claim revokes it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.domain.claims import AuthorClaim, ClaimStatus
from dailypapers.services import claims as claims_service
from dailypapers.services.errors import Refused
from dailypapers.web.auth import RequireAdmin
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import RowId
from dailypapers.web.pages.forms import FormView
from dailypapers.web.pages.views import MemberLink, member_link
from dailypapers.web.problems import refusal_problem
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
StatusQuery = Annotated[Literal["pending", "approved", "rejected"], Query()]
REVIEW_LIMIT = 200
TAB_LABELS = (("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected"))
TABS = dict(TAB_LABELS)
FormText = Annotated[str, Form()]


@dataclass(frozen=True, slots=True)
class ClaimRow:
    paper_title: str
    paper_url: str
    arxiv_id: str
    author_name: str
    author_url: str
    claimant: MemberLink
    note: str | None
    created_label: str
    decided: str | None  # "approved by root, 12 Jun 2025"
    rivals: list[str]  # "@eve (pending)", "@ada (verified)"
    approve_url: str | None
    reject_url: str | None
    reject_label: str  # rejecting an approved claim revokes it


@dataclass(frozen=True, slots=True)
class Tab:
    label: str
    url: str
    current: bool


@dataclass(frozen=True, slots=True)
class ClaimsPageView:
    tabs: list[Tab]
    rows: list[ClaimRow]
    total: int
    status: str
    form: FormView


@router.get("/admin/claims", response_class=Response)
def claims_page(request: Request, db: DatabaseDep, user: RequireAdmin, status: StatusQuery = "pending") -> Response:
    return _render(request, db, ClaimStatus(status), FormView())


@router.post("/admin/claims/{claim_id}/approve", response_class=Response)
def approve_claim(
    request: Request, db: DatabaseDep, user: RequireAdmin, now: NowDep, claim_id: RowId, tab: FormText = "pending"
) -> Response:
    return _decide(request, db, user, now, claim_id, approve=True, tab=tab)


@router.post("/admin/claims/{claim_id}/reject", response_class=Response)
def reject_claim(
    request: Request, db: DatabaseDep, user: RequireAdmin, now: NowDep, claim_id: RowId, tab: FormText = "pending"
) -> Response:
    return _decide(request, db, user, now, claim_id, approve=False, tab=tab)


def _decide(
    request: Request, db: DatabaseDep, user: RequireAdmin, now: NowDep, claim_id: int, *, approve: bool, tab: str
) -> Response:
    """Decide, then back to the tab the admin was on."""
    status = ClaimStatus(tab) if tab in TABS else ClaimStatus.PENDING
    try:
        claims_service.decide_claim(db, claim_id=claim_id, admin=user, approve=approve, now=now)
    except Refused as error:
        problem = refusal_problem(error)
        return _render(request, db, status, FormView(message=str(error)), status_code=problem.status)
    return RedirectResponse(urls.admin_claims_path(status=status.value), status_code=303)


def _render(
    request: Request, db: DatabaseDep, status: ClaimStatus, form: FormView, *, status_code: int = 200
) -> Response:
    review = claims_service.review_claims(db, status=status, limit=REVIEW_LIMIT)
    view = ClaimsPageView(
        tabs=[Tab(label, urls.admin_claims_path(status=value), value == status.value) for value, label in TAB_LABELS],
        rows=[_row(claim, review.rivals.get(claim.id, [])) for claim in review.claims],
        total=review.total,
        status=status.value,
        form=form,
    )
    return render_page(request, "admin_claims.html", {"view": view}, status_code=status_code)


def _row(claim: AuthorClaim, rivals: list[AuthorClaim]) -> ClaimRow:
    decided = None
    if claim.decided_at is not None:
        who = f" by {claim.decided_by.shown_name}" if claim.decided_by else ""
        decided = f"{claim.status.value}{who}, {claim.decided_at.day} {claim.decided_at:%b %Y}"
    return ClaimRow(
        paper_title=claim.paper_title,
        paper_url=urls.paper_path(claim.arxiv_id),
        arxiv_id=claim.arxiv_id,
        author_name=claim.author_name,
        author_url=urls.author_path(claim.author_name),
        claimant=member_link(claim.claimant),
        note=claim.note,
        created_label=f"{claim.created_at.day} {claim.created_at:%b %Y}",
        decided=decided,
        rivals=[
            f"@{rival.claimant.username} ({'verified' if rival.status is ClaimStatus.APPROVED else 'pending'})"
            for rival in rivals
        ],
        approve_url=urls.admin_claim_approve_path(claim.id) if claim.status is not ClaimStatus.APPROVED else None,
        reject_url=urls.admin_claim_reject_path(claim.id) if claim.status is not ClaimStatus.REJECTED else None,
        reject_label="Revoke" if claim.status is ClaimStatus.APPROVED else "Reject",
    )
