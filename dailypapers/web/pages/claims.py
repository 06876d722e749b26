"""A member's "This is me" on a paper page (`POST /claims`), and taking a claim back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.services import claims as claims_service
from dailypapers.services import papers as papers_service
from dailypapers.services.errors import InvalidInput, RateLimitExceeded, Refused
from dailypapers.web.auth import RequireConfirmedUser, RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import RowId
from dailypapers.web.pages.forms import FormView, safe_next
from dailypapers.web.pages.papers import render_paper
from dailypapers.web.problems import Problem, refusal_problem
from dailypapers.web.rate_limits import enforce_rate_limit

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]


@router.post("/claims", response_class=Response)
def claim_author(
    request: Request,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    arxiv_id: FormText = "",
    position: FormText = "",
    note: FormText = "",
) -> Response:
    try:
        paper = papers_service.require_paper(db, arxiv_id=parse_arxiv_id(arxiv_id).id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    values = {"position": position, "note": note}
    try:
        if not position.strip().isdigit():
            raise InvalidInput({"position": "Choose which author you are."})
        enforce_rate_limit(request, action="claim", user=user)
        claims_service.claim_author(db, arxiv_id=paper.arxiv_id, user=user, position=int(position), note=note, now=now)
    except RateLimitExceeded as error:
        form = FormView(values=values, message=str(error))
        headers = {"Retry-After": str(error.retry_after)}
        return render_paper(request, db, paper, user=user, claim_form=form, status_code=429, headers=headers)
    except InvalidInput as error:
        form = FormView(values=values, errors=error.errors, message=" ".join(error.errors.values()))
        return render_paper(request, db, paper, user=user, claim_form=form, status_code=422)
    except Refused as error:
        problem = refusal_problem(error)
        form = FormView(values=values, message=str(error))
        return render_paper(request, db, paper, user=user, claim_form=form, status_code=problem.status)
    return RedirectResponse(urls.paper_path(paper.arxiv_id) + "#authorship", status_code=303)


@router.post("/claims/{claim_id}/withdraw", response_class=Response)
def withdraw_claim(db: DatabaseDep, user: RequireUser, claim_id: RowId, next: FormText = "") -> Response:
    try:
        claim = claims_service.withdraw_claim(db, claim_id=claim_id, user=user)
    except Refused as error:
        raise refusal_problem(error) from None
    if not next:
        return RedirectResponse(urls.paper_path(claim.arxiv_id) + "#authorship", status_code=303)
    return RedirectResponse(safe_next(next), status_code=303)
