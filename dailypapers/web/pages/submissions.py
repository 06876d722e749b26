"""The submit page, `/papers/submit`: a member pastes an arXiv id or link, adds a comment if they like, and the
paper joins today's list. A refusal shows the form again, input kept, with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.domain.submissions import MAX_COMMENT_LENGTH, SubmissionRules
from dailypapers.domain.users import User
from dailypapers.services import submissions as submissions_service
from dailypapers.services.errors import InvalidInput, RateLimitExceeded, Refused
from dailypapers.web.auth import RequireConfirmedUser, RequireUser
from dailypapers.web.deps import ArxivDep, DatabaseDep, NowDep, SubmissionRulesDep
from dailypapers.web.pages.forms import FormView
from dailypapers.web.problems import refusal_problem
from dailypapers.web.rate_limits import enforce_rate_limit
from dailypapers.web.templating import format_long_date, render_page

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]


@dataclass(frozen=True, slots=True)
class SubmitView:
    form: FormView
    day_label: str
    day_url: str
    is_open: bool
    allowance: str | None  # "You can submit 2 more papers today."
    rules: list[str]
    comment_limit: int


@router.get("/papers/submit", response_class=Response)
def submit_page(
    request: Request, db: DatabaseDep, user: RequireUser, rules: SubmissionRulesDep, now: NowDep, arxiv_id: str = ""
) -> Response:
    return _render(request, db, user, rules, now, FormView(values={"arxiv_id": arxiv_id[:200]}))


@router.post("/papers/submit", response_class=Response)
def submit_paper(
    request: Request,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    rules: SubmissionRulesDep,
    now: NowDep,
    arxiv: ArxivDep,
    arxiv_id: FormText = "",
    comment: FormText = "",
) -> Response:
    values = {"arxiv_id": arxiv_id, "comment": comment}
    try:
        enforce_rate_limit(request, action="submit", user=user)
        entry = submissions_service.submit_paper(
            db, text=arxiv_id, comment=comment, user=user, fetcher=arxiv, rules=rules, now=now
        )
    except RateLimitExceeded as error:
        form = FormView(values=values, message=str(error))
        headers = {"Retry-After": str(error.retry_after)}
        return _render(request, db, user, rules, now, form, status_code=429, headers=headers)
    except InvalidInput as error:
        return _render(request, db, user, rules, now, FormView(values=values, errors=error.errors), status_code=422)
    except Refused as error:
        problem = refusal_problem(error)
        form = FormView(values=values, message=str(error))
        return _render(request, db, user, rules, now, form, status_code=problem.status, headers=problem.headers)
    # Most recently added first, so the member sees their paper at the top (after any pinned).
    return RedirectResponse(urls.day_path(entry.day, sort="added"), status_code=303)


def describe_rules(rules: SubmissionRules) -> list[str]:
    lines = [
        f"Papers published on arXiv in the last {rules.max_age_days} days."
        if rules.max_age_days
        else "Papers of any age.",
        "Each paper once a day: one already on today's list is not added again.",
    ]
    if rules.daily_cap:
        lines.append(f"Up to {rules.daily_cap} submissions a day per member; curators have no cap.")
    if not rules.weekends:
        lines.append("Submissions close on Saturdays and Sundays.")
    return lines


def _render(
    request: Request,
    db: DatabaseDep,
    user: User,
    rules: SubmissionRules,
    now: NowDep,
    form: FormView,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    status = submissions_service.get_submission_status(db, user=user, rules=rules, now=now)
    allowance = None
    if status.daily_cap is not None:
        left = max(status.daily_cap - status.submitted_count, 0)
        allowance = f"You can submit {left} more paper{'s' if left != 1 else ''} today."
    view = SubmitView(
        form=form,
        day_label=format_long_date(status.day),
        day_url=urls.day_path(status.day),
        is_open=status.is_open,
        allowance=allowance,
        rules=describe_rules(rules),
        comment_limit=MAX_COMMENT_LENGTH,
    )
    return render_page(request, "submit.html", {"view": view}, status_code=status_code, headers=headers)
