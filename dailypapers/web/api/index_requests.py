"""`POST /api/papers/index`: Hugging Face's endpoint for indexing one paper by arXiv id (a token is required)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.hf_json import paper_json
from dailypapers.services import index_requests as index_requests_service
from dailypapers.services.paper_lookup import LookupOutcome
from dailypapers.web.api.hf_schemas import HfPaperOut
from dailypapers.web.auth import RequireConfirmedUser
from dailypapers.web.deps import DatabaseDep, NowDep, ReaderLookupsDep
from dailypapers.web.problems import Problem, problem_responses
from dailypapers.web.rate_limits import member_rate_limited

router = APIRouter(prefix="/api", tags=["Hugging Face compatible"])


class IndexIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    arxiv_id: str = Field(alias="arxivId", max_length=2000, description="An arXiv id or link.")


class IndexQueuedOut(BaseModel):
    arxiv_id: str = Field(serialization_alias="arxivId")
    status: str = Field(description="`queued`: the worker fetches it from arXiv within minutes.")
    requested_at: dt.datetime = Field(serialization_alias="requestedAt")
    url: str = Field(description="The paper's page here, once indexed.")


@router.post(
    "/papers/index",
    summary="Index one paper by arXiv id (members, with a token)",
    response_model=HfPaperOut,
    response_model_exclude_unset=True,
    dependencies=member_rate_limited("submit"),
    responses={
        202: {"model": IndexQueuedOut, "description": "Queued: arXiv did not answer at once, or lookups are off."},
        **problem_responses(401, 404, 422, 429, texts={404: "A malformed id, or arXiv has no such paper."}),
    },
)
def index_paper(
    body: IndexIn, db: DatabaseDep, lookups: ReaderLookupsDep, user: RequireConfirmedUser, now: NowDep
) -> Any:
    """200 with the paper when it is indexed (here already, or fetched from arXiv within two seconds); 202 when it
    is queued for the worker."""
    try:
        arxiv_id = parse_arxiv_id(body.arxiv_id).id
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    if lookups is not None:
        found = lookups.find(db, arxiv_id=arxiv_id, now=now)
        if found.paper is not None:
            return paper_json(found.paper)
        if found.outcome is LookupOutcome.ABSENT:
            raise Problem(404, f"arXiv has no paper {arxiv_id}")
    status = index_requests_service.request_index(db, arxiv_id=arxiv_id, user=user, now=now)
    if status.paper is not None:
        return paper_json(status.paper)
    assert status.request is not None
    queued = IndexQueuedOut(
        arxiv_id=arxiv_id, status="queued", requested_at=status.request.requested_at, url=urls.paper_path(arxiv_id)
    )
    return JSONResponse(queued.model_dump(mode="json", by_alias=True), status_code=202)
