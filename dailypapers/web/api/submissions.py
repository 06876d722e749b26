"""`POST /api/v1/submissions`: a member puts a paper on today's list, as the submit page does."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dailypapers.services import submissions as submissions_service
from dailypapers.web.api.schemas import EntryOut
from dailypapers.web.auth import RequireConfirmedUser
from dailypapers.web.deps import ArxivDep, DatabaseDep, NowDep, SubmissionRulesDep
from dailypapers.web.problems import problem_responses
from dailypapers.web.rate_limits import member_rate_limited

router = APIRouter(prefix="/api/v1", tags=["Submissions"])


class SubmissionIn(BaseModel):
    arxiv_id: str = Field(
        description="An arXiv id or link: `2406.01234`, `2406.01234v2`, `arXiv:2406.01234`, "
        "`https://arxiv.org/abs/2406.01234`, `https://arxiv.org/pdf/2406.01234.pdf`, `cs/0112017`.",
        max_length=2000,
    )
    comment: str | None = Field(None, description="Why it is worth reading (at most 500 characters).")


@router.post(
    "/submissions",
    status_code=201,
    summary="Submit a paper to today's list",
    dependencies=member_rate_limited("submit"),
    responses=problem_responses(401, 403, 404, 409, 422, 429, 503),
)
def create_submission(
    body: SubmissionIn,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    rules: SubmissionRulesDep,
    now: NowDep,
    arxiv: ArxivDep,
) -> EntryOut:
    """A paper indexed here joins at once; an unknown one is looked up on arXiv first. The instance's rules apply
    (maximum age, a member's daily cap, one entry per paper a day, weekends); each refusal is a problem whose
    `type` names the rule, such as `/problems/paper-too-old` or `/problems/daily-cap-reached`."""
    entry = submissions_service.submit_paper(
        db, text=body.arxiv_id, comment=body.comment, user=user, fetcher=arxiv, rules=rules, now=now
    )
    return EntryOut.of(entry)
