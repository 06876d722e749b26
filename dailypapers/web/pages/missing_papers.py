"""The page of a well-formed arXiv id this site has not indexed: a 404 that says so, and members' "Index it"
button (`POST /papers/<id>/index`), which queues the paper for the worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import InvalidArxivId, abs_url, parse_arxiv_id
from dailypapers.domain.users import User
from dailypapers.services import index_requests as index_requests_service
from dailypapers.services.errors import RateLimitExceeded
from dailypapers.web.auth import RequireConfirmedUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.problems import Problem
from dailypapers.web.rate_limits import enforce_rate_limit
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class MissingPaperView:
    arxiv_id: str
    detail: str
    abs_url: str
    index_url: str
    signin_url: str
    signed_in: bool
    offer_index: bool  # False when arXiv itself said there is no such paper
    queued_at: datetime | None
    message: str | None = None


def render_missing_paper(
    request: Request,
    db: Database,
    *,
    arxiv_id: str,
    detail: str,
    user: User | None,
    offer_index: bool = True,
    message: str | None = None,
    status_code: int = 404,
    headers: dict[str, str] | None = None,
) -> Response:
    request_made = index_requests_service.get_index_status(db, arxiv_id=arxiv_id)
    view = MissingPaperView(
        arxiv_id=arxiv_id,
        detail=detail,
        abs_url=abs_url(arxiv_id),
        index_url=urls.paper_index_path(arxiv_id),
        signin_url=urls.signin_path(next_path=urls.paper_path(arxiv_id)),
        signed_in=user is not None,
        offer_index=offer_index,
        queued_at=request_made.requested_at if request_made else None,
        message=message,
    )
    return render_page(request, "paper_missing.html", {"missing": view}, status_code=status_code, headers=headers)


@router.post("/papers/{arxiv_id:path}/index", response_class=Response)
def index_paper(request: Request, db: DatabaseDep, user: RequireConfirmedUser, now: NowDep, arxiv_id: str) -> Response:
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    try:
        enforce_rate_limit(request, action="submit", user=user)
    except RateLimitExceeded as error:
        return render_missing_paper(
            request,
            db,
            arxiv_id=parsed.id,
            detail=f"{parsed.id} is not indexed here yet.",
            user=user,
            message=str(error),
            status_code=429,
            headers={"Retry-After": str(error.retry_after)},
        )
    index_requests_service.request_index(db, arxiv_id=parsed.id, user=user, now=now)
    return RedirectResponse(urls.paper_path(parsed.id), status_code=303)
