"""`GET /api/papers/{arxiv_id}`: one paper in Hugging Face's shape."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.hf_json import paper_json
from dailypapers.services import claims as claims_service
from dailypapers.services import papers as papers_service
from dailypapers.web.deps import DatabaseDep
from dailypapers.web.problems import Problem

# The path converter admits old-style ids (hep-th/9901001); include this router after every other /api/papers/...
router = APIRouter(prefix="/api", tags=["Hugging Face compatible"])


@router.get("/papers/{arxiv_id:path}", summary="One paper, by arXiv id (a version suffix is ignored)")
def get_paper(db: DatabaseDep, arxiv_id: str) -> dict[str, Any]:
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    paper = papers_service.require_paper(db, arxiv_id=parsed.id)
    verified = claims_service.list_verified_authors(db, papers=[paper]).get(paper.id)
    return paper_json(paper, verified=verified)
