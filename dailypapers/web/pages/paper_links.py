"""The paper page's code link and project page form (`POST /papers/<id>/links`), for curators and verified
authors; a refused link re-renders the page with the message beside the field."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.paper_links import LinkField
from dailypapers.services import paper_links as paper_links_service
from dailypapers.services import papers as papers_service
from dailypapers.services.errors import InvalidInput
from dailypapers.web.auth import RequireConfirmedUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.pages.forms import FormView
from dailypapers.web.pages.papers import render_paper
from dailypapers.web.problems import Problem

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]


@router.post("/papers/{arxiv_id:path}/links", response_class=Response)
def edit_links(
    request: Request,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    arxiv_id: str,
    github_repo: FormText = "",
    project_page: FormText = "",
) -> Response:
    try:
        paper = papers_service.require_paper(db, arxiv_id=parse_arxiv_id(arxiv_id).id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    values = {LinkField.GITHUB_REPO: github_repo, LinkField.PROJECT_PAGE: project_page}
    try:
        paper_links_service.set_paper_links(db, arxiv_id=paper.arxiv_id, values=values, user=user, now=now)
    except InvalidInput as error:
        typed = {"github_repo": github_repo, "project_page": project_page}
        form = FormView(values=typed, errors=error.errors, message="The links were not saved.")
        return render_paper(request, db, paper, user=user, links_form=form, status_code=422)
    return RedirectResponse(urls.paper_path(paper.arxiv_id) + "#links", status_code=303)
