"""The paper page, `/papers/<arXiv id>`: a versioned or non-canonical id redirects to the bare one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.services.paper_lookup import LookupUnavailable, find_or_fetch_paper
from dailypapers.services.similar import list_similar_papers
from dailypapers.web.deps import ArxivDep, DatabaseDep, SemanticDep
from dailypapers.web.pages.search_views import build_similar_link
from dailypapers.web.pages.views import build_paper_view, paper_url
from dailypapers.web.problems import Problem
from dailypapers.web.templating import render_page

# The path converter admits old-style ids (hep-th/9901001); include this router after every other /papers/...
router = APIRouter()
SIMILAR_ON_PAGE = 6


@router.get("/papers/{arxiv_id:path}", response_class=Response)
def paper_page(request: Request, db: DatabaseDep, arxiv: ArxivDep, semantic: SemanticDep, arxiv_id: str) -> Response:
    """The paper; one not yet indexed is looked up on arXiv first, when the instance allows lookups."""
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    if parsed.id != arxiv_id:
        return RedirectResponse(paper_url(parsed.id), status_code=301)
    try:
        paper = find_or_fetch_paper(db, arxiv_id=parsed.id, fetcher=arxiv)
    except LookupUnavailable as error:
        detail = f"{parsed.id} is not indexed here yet, and arXiv could not be asked just now: {error}"
        raise Problem(503, detail, headers={"Retry-After": str(int(error.retry_after or 60))}) from None
    if paper is None:
        where = "here or on arXiv" if arxiv is not None else "here"
        raise Problem(404, f"no paper {parsed.id} is indexed {where}")
    similar = list_similar_papers(db, semantic, arxiv_id=paper.arxiv_id, limit=SIMILAR_ON_PAGE)
    context = {
        "paper": build_paper_view(paper),
        "similar": [build_similar_link(item.paper) for item in similar.similar],
        "canonical": paper_url(paper.arxiv_id),
    }
    return render_page(request, "paper.html", context)
