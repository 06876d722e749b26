"""`GET /api/v1/authors/{key}`: an author's papers, newest first, in Hugging Face's paper shape."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from dailypapers.domain.hf_json import paper_json
from dailypapers.services import authors as authors_service
from dailypapers.web.api.schemas import MemberOut
from dailypapers.web.deps import DatabaseDep
from dailypapers.web.problems import problem_responses

router = APIRouter(prefix="/api/v1", tags=["Authors"])


class AuthorOut(BaseModel):
    key: str
    name: str
    total: int
    verified_members: list[MemberOut]
    papers: list[dict[str, Any]]


@router.get("/authors/{key:path}", summary="An author's papers, newest first", responses=problem_responses(404))
def get_author(
    db: DatabaseDep,
    key: str,
    p: Annotated[int, Query(ge=0, le=100_000, description="Page number, from 0")] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> AuthorOut:
    """`key` is the folded name of the author page's address (`/authors/zoe-muller`)."""
    found = authors_service.require_author_papers(db, key=key, offset=p * limit, limit=limit)
    return AuthorOut(
        key=found.key,
        name=found.name,
        total=found.total,
        verified_members=[MemberOut.of(member) for member in found.verified_members],
        papers=[paper_json(paper) for paper in found.papers],
    )
