"""`GET /api/papers/search`: Hugging Face's paper search, same item shape, with modes, filters, sorting, paging."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response

from dailypapers.domain.hf_json import search_item_json
from dailypapers.domain.match_quality import MatchReport
from dailypapers.domain.search import MAX_LIMIT, SearchFilters, SearchMode, SearchRequest, SearchSort
from dailypapers.services.search import search_papers
from dailypapers.web.api.hf_schemas import HfSearchItemOut
from dailypapers.web.cpu_bound import cpu_bound
from dailypapers.web.deps import DatabaseDep, SearchDep
from dailypapers.web.link_headers import next_page_link
from dailypapers.web.problems import Problem, problem_responses

router = APIRouter(prefix="/api", tags=["Hugging Face compatible"])
MAX_QUERY_CHARS = 20_000
# The list keeps Hugging Face's shape, so what the search says of itself travels in headers.
MATCH_HEADERS: dict[str, dict[str, Any]] = {
    "X-Search-Match": {
        "description": "`good`, or `poor` when no paper matched the words well (the closest are still listed). "
        "Only for typed queries (up to 12 words).",
        "schema": {"type": "string", "enum": ["good", "poor"]},
    },
    "X-Search-Suggestion": {
        "description": "Did you mean: the query respelt from the indexed papers' own words, when markedly more "
        "papers hold all of them; percent-encoded UTF-8 (spaces kept).",
        "schema": {"type": "string"},
    },
    "X-Search-Estimated-Count": {
        "description": "About how many papers match: those holding all the query's words, or any of them when "
        "none holds all (see X-Search-Count-Of); the keyword index's count, filters applied.",
        "schema": {"type": "integer"},
    },
    "X-Search-Count-Of": {
        "description": "What X-Search-Estimated-Count counts: `all-words` or `any-word`.",
        "schema": {"type": "string", "enum": ["all-words", "any-word"]},
    },
    "X-Search-Notice": {"description": "Why a leg could not answer (the other one did).", "schema": {"type": "string"}},
    "Link": {"description": 'The next page, `rel="next"`, when there is one.', "schema": {"type": "string"}},
}


@router.get(
    "/papers/search",
    summary="Search every indexed paper: keyword (BM25), semantic, or both fused",
    response_description="Items like the daily list's, with `highlightedTitle` and `highlightedSummary`.",
    response_model=list[HfSearchItemOut],
    response_model_exclude_unset=True,
    responses={
        200: {"headers": MATCH_HEADERS},
        **problem_responses(422, texts={422: "No words to search for, `from` after `to`, or a bad parameter."}),
    },
)
@cpu_bound
def search(
    request: Request,
    response: Response,
    db: DatabaseDep,
    indexes: SearchDep,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="What to look for")],
    mode: Annotated[SearchMode, Query(description="`hybrid` (default), `keyword` or `semantic`")] = "hybrid",
    from_: Annotated[date | None, Query(alias="from", description="Published on or after, YYYY-MM-DD")] = None,
    to: Annotated[date | None, Query(description="Published on or before, YYYY-MM-DD")] = None,
    category: Annotated[str | None, Query(max_length=32, description="An arXiv category, e.g. cs.CL")] = None,
    has_code: Annotated[bool | None, Query(description="Only papers with (true) or without (false) code")] = None,
    daily_only: Annotated[bool, Query(description="Only papers that were on a daily list")] = False,
    sort: Annotated[SearchSort, Query(description="`relevance`, `newest` or `upvotes`")] = "relevance",
    p: Annotated[int, Query(ge=0, le=10_000, description="Page number, from 0")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 50,
) -> list[dict[str, Any]]:
    if not q.strip():
        raise Problem(422, "q: give some words to search for")
    if from_ and to and from_ > to:
        raise Problem(422, f"from ({from_}) is after to ({to})")
    filters = SearchFilters(
        published_from=from_, published_to=to, category=category or None, has_code=has_code, daily_only=daily_only
    )
    search_request = SearchRequest(text=q, mode=mode, filters=filters, sort=sort, limit=limit, offset=p * limit)
    results = search_papers(db, indexes, search_request)
    if results.has_more:
        params = {**dict(request.query_params), "p": str(p + 1), "limit": str(limit)}
        response.headers["Link"] = next_page_link(request, params)
    if results.notice:
        response.headers["X-Search-Notice"] = results.notice
    if results.match is not None:
        response.headers.update(match_headers(results.match))
    return [search_item_json(hit) for hit in results.hits]


def match_headers(match: MatchReport) -> dict[str, str]:
    headers = {
        "X-Search-Estimated-Count": str(match.estimate.count),
        "X-Search-Count-Of": "all-words" if match.estimate.all_words else "any-word",
    }
    if match.poor is not None:
        headers["X-Search-Match"] = "poor" if match.poor else "good"
    if match.suggestion:
        headers["X-Search-Suggestion"] = quote(match.suggestion, safe=" ")
    return headers
