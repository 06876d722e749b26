"""`/papers/<arXiv id>.md`: the paper page as Markdown, what Hugging Face's `hf papers read` and
`HfApi.read_paper` fetch. In the OpenAPI document, unlike the HTML pages, since programs are its readers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.paper_markdown import paper_markdown
from dailypapers.services import daily as daily_service
from dailypapers.services import papers as papers_service
from dailypapers.web.deps import DatabaseDep, SettingsDep
from dailypapers.web.problems import Problem, problem_responses

# Include before web/pages/papers.py's router, whose path converter would take `2406.12345.md` for an id.
router = APIRouter(tags=["Hugging Face compatible"])


@router.get(
    "/papers/{arxiv_id:path}.md",
    response_class=Response,
    summary="A paper page as Markdown (a version suffix is ignored)",
    responses={
        200: {"content": {"text/markdown": {"schema": {"type": "string"}}}, "description": "The page"},
        **problem_responses(404, texts={404: "No paper by that id is indexed here."}),
    },
)
def read_paper(db: DatabaseDep, settings: SettingsDep, arxiv_id: str) -> Response:
    """Title, authors, publication date, arXiv and PDF links, code and its stars, project page, abstract, and the
    days it was on the list. A version suffix is ignored, as the API does, rather than redirected: a client reading
    Markdown wants the text, not a hop."""
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    paper = papers_service.require_paper(db, arxiv_id=parsed.id)
    days = [entry.day for entry in daily_service.list_paper_entries(db, paper_id=paper.id)]
    return Response(
        paper_markdown(paper, listed_days=days, base_url=settings.base_url),
        media_type="text/markdown; charset=utf-8",
        headers={"X-Content-Type-Options": "nosniff"},
    )
