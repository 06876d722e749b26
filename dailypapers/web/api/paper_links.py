"""`/api/v1/papers/{arxiv_id}/links`: a paper's code link and project page, with the log of who changed them;
curators and the paper's verified authors change them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.paper_links import LinkField
from dailypapers.services import paper_links as paper_links_service
from dailypapers.services.paper_links import PaperLinks
from dailypapers.web.api.schemas import MemberOut
from dailypapers.web.auth import RequireConfirmedUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.problems import Problem, problem_responses

# The path converter admits old-style ids (hep-th/9901001); include this router before /api/papers/{arxiv_id}.
router = APIRouter(prefix="/api/v1/papers", tags=["Code links"])


class LinksIn(BaseModel):
    github_repo: str | None = Field(
        None,
        max_length=2000,
        description="An https link to a repository on github.com, gitlab.com or a Hugging Face Space; "
        "empty or null clears it. Left out: unchanged.",
    )
    project_page: str | None = Field(
        None, max_length=2000, description="Any https address; empty or null clears it. Left out: unchanged."
    )


class LinkChangeOut(BaseModel):
    field: Literal["github_repo", "project_page"]
    old_value: str | None
    new_value: str | None
    actor: MemberOut | None = Field(description="Who changed it; null: the command line or a moved repository.")
    reason: str | None
    created_at: dt.datetime


class LinksOut(BaseModel):
    arxiv_id: str
    github_repo: str | None
    github_stars: int | None
    project_page: str | None
    changes: list[LinkChangeOut] = Field(description="Newest first.")

    @classmethod
    def of(cls, links: PaperLinks) -> LinksOut:
        paper = links.paper
        return cls(
            arxiv_id=paper.arxiv_id,
            github_repo=paper.github_repo,
            github_stars=paper.github_stars,
            project_page=paper.project_page,
            changes=[
                LinkChangeOut(
                    field=change.field.value,
                    old_value=change.old_value,
                    new_value=change.new_value,
                    actor=MemberOut.of(change.actor) if change.actor else None,
                    reason=change.reason,
                    created_at=change.created_at,
                )
                for change in links.changes
            ],
        )


@router.get(
    "/{arxiv_id:path}/links",
    summary="A paper's code link and project page, with their change log",
    responses=problem_responses(404),
)
def get_links(db: DatabaseDep, arxiv_id: str) -> LinksOut:
    return LinksOut.of(paper_links_service.get_paper_links(db, arxiv_id=_arxiv_id(arxiv_id)))


@router.patch(
    "/{arxiv_id:path}/links",
    summary="Set or correct a paper's code link and project page (curators, verified authors)",
    responses=problem_responses(401, 403, 404, 422),
)
def patch_links(body: LinksIn, db: DatabaseDep, user: RequireConfirmedUser, now: NowDep, arxiv_id: str) -> LinksOut:
    """Imports and harvests leave links set here alone; each change is logged with who made it."""
    values = {LinkField(name): getattr(body, name) for name in body.model_fields_set}
    links = paper_links_service.set_paper_links(db, arxiv_id=_arxiv_id(arxiv_id), values=values, user=user, now=now)
    return LinksOut.of(links)


def _arxiv_id(text: str) -> str:
    try:
        return parse_arxiv_id(text).id
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
