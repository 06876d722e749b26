"""`GET /api/papers` and `GET /api/papers/{arxiv_id}`: every paper a page at a time, and one paper, in Hugging
Face's shape."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.hf_json import paper_json
from dailypapers.domain.paper_cursors import InvalidCursor, decode_cursor, encode_cursor
from dailypapers.services import claims as claims_service
from dailypapers.services import papers as papers_service
from dailypapers.web.api.hf_schemas import HfPaperOut
from dailypapers.web.deps import DatabaseDep
from dailypapers.web.link_headers import next_page_link
from dailypapers.web.problems import Problem, problem_responses

# The path converter admits old-style ids (hep-th/9901001); include this router after every other /api/papers/...
router = APIRouter(prefix="/api", tags=["Hugging Face compatible"])
MAX_LIMIT = 100
MAX_CURSOR_CHARS = 200


@router.get(
    "/papers",
    summary="Every paper, newest first, a page at a time",
    response_model=list[HfPaperOut],
    response_model_exclude_unset=True,
    responses=problem_responses(422, texts={422: "A cursor this site did not write, or a limit out of bounds."}),
)
def list_papers(
    request: Request,
    response: Response,
    db: DatabaseDep,
    cursor: Annotated[
        str | None,
        Query(max_length=MAX_CURSOR_CHARS, description="Where to go on from: take it from the `Link` header"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Papers per page")] = 50,
) -> list[dict[str, Any]]:
    """Newest first by arXiv publication time, papers with none last. As on Hugging Face's lists, a next page is
    announced in a `Link: <…>; rel="next"` header, which `huggingface_hub`'s paging follows."""
    try:
        after = decode_cursor(cursor) if cursor else None
    except InvalidCursor as error:
        raise Problem(422, str(error)) from None
    page = papers_service.list_papers(db, after=after, limit=limit)
    if page.next is not None:
        params = {**dict(request.query_params), "cursor": encode_cursor(page.next), "limit": str(limit)}
        response.headers["Link"] = next_page_link(request, params)
    verified = claims_service.list_verified_authors(db, papers=page.papers)
    return [paper_json(paper, verified=verified.get(paper.id)) for paper in page.papers]


@router.get(
    "/papers/{arxiv_id:path}",
    summary="One paper, by arXiv id (a version suffix is ignored)",
    response_model=HfPaperOut,
    response_model_exclude_unset=True,
    responses=problem_responses(404, texts={404: "No paper by that id is indexed here."}),
)
def get_paper(db: DatabaseDep, arxiv_id: str) -> dict[str, Any]:
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    paper = papers_service.require_paper(db, arxiv_id=parsed.id)
    verified = claims_service.list_verified_authors(db, papers=[paper]).get(paper.id)
    return paper_json(paper, verified=verified)
