"""`/api/v1` similar papers: by paper, and for a pasted text ("find related work"). Reads; no token needed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.hf_json import paper_json, search_item_json
from dailypapers.services.similar import MAX_SIMILAR, find_related_work, list_similar_papers
from dailypapers.web.cpu_bound import cpu_bound
from dailypapers.web.deps import DatabaseDep, SearchDep
from dailypapers.web.problems import Problem, problem_responses

# The path converter admits old-style ids (hep-th/9901001); this router goes before the catch-all paper routes.
router = APIRouter(prefix="/api/v1", tags=["Similar papers"])


class RelatedWorkQuery(BaseModel):
    text: str = Field(min_length=1, max_length=50_000, description="An abstract, a draft, or any description")
    focus: str = Field(
        "",
        max_length=50_000,
        description="Optional: the passage that matters most (the method, the result); read beside the whole text",
    )
    limit: int = Field(20, ge=1, le=MAX_SIMILAR, description="How many papers")


@router.get(
    "/papers/{arxiv_id:path}/similar",
    summary="Papers similar to one paper (itself left out)",
    responses=problem_responses(404, texts={404: "No paper by that id is indexed here."}),
)
def similar_papers(
    db: DatabaseDep,
    indexes: SearchDep,
    arxiv_id: str,
    limit: Annotated[int, Query(ge=1, le=MAX_SIMILAR)] = 10,
) -> dict[str, Any]:
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    result = list_similar_papers(db, indexes, arxiv_id=parsed.id, limit=limit)
    return {
        "id": result.paper.arxiv_id,
        "method": result.method,
        "papers": [{"paper": paper_json(item.paper), "score": round(item.score, 6)} for item in result.similar],
    }


@router.post(
    "/similar",
    summary="Papers related to a pasted text (an abstract or a draft)",
    responses=problem_responses(422, texts={422: "No text, or a field that is not as described."}),
)
@cpu_bound
def related_work(db: DatabaseDep, indexes: SearchDep, body: RelatedWorkQuery) -> list[dict[str, Any]]:
    if not body.text.strip():
        raise Problem(422, "text: give some text to find related work for")
    results = find_related_work(db, indexes, text=body.text, focus=body.focus, limit=body.limit)
    return [search_item_json(hit) for hit in results.hits]
