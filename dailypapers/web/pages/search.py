"""The search page (`/papers?q=…`, the header's search box) and the related-work page (`/related`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from dailypapers.domain import urls
from dailypapers.domain.follows import FollowKind
from dailypapers.domain.match_quality import POOR_MATCH_NOTICE, MatchReport, describe_estimate
from dailypapers.domain.search import SEARCH_MODES, SEARCH_SORTS, SearchFilters, SearchMode, SearchRequest, SearchSort
from dailypapers.domain.subscriptions import CATEGORY_PATTERN
from dailypapers.domain.users import User
from dailypapers.services import follows as follows_service
from dailypapers.services.search import search_papers
from dailypapers.services.similar import find_related_work
from dailypapers.web.auth import CurrentUser
from dailypapers.web.cpu_bound import cpu_bound
from dailypapers.web.deps import DatabaseDep, SearchDep
from dailypapers.web.feeds import FeedLinks
from dailypapers.web.pages.follows import FollowButton, follow_button
from dailypapers.web.pages.search_views import SUMMARY_CHARS, ResultCard, build_result_card
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
RELATED_LIMIT = 20
MODE_LABELS = {"hybrid": "Hybrid", "keyword": "Keyword", "semantic": "Semantic"}
SORT_LABELS = {"relevance": "Most relevant", "newest": "Newest", "upvotes": "Most upvoted"}


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True, slots=True)
class SearchPageView:
    query: str
    cards: list[ResultCard]
    first_rank: int
    modes: list[Choice]
    sorts: list[Choice]
    published_from: str
    published_to: str
    category: str
    has_code: bool
    daily_only: bool
    notice: str | None
    poor_match_notice: str | None  # above results that fit badly
    suggestion: str | None  # "did you mean": the words, and a search for them
    suggestion_url: str | None
    summary: str
    previous_page: str | None
    next_page: str | None
    # "Save this search": the search's own fields as the form's hidden inputs; empty when there is nothing to save
    save_fields: list[tuple[str, str]]
    saved_notice: str | None


@router.get("/papers", response_class=Response)
@cpu_bound
def search_page(
    request: Request,
    db: DatabaseDep,
    indexes: SearchDep,
    user: CurrentUser,
    q: Annotated[str, Query(max_length=20_000)] = "",
    mode: SearchMode = "hybrid",
    sort: SearchSort = "relevance",
    # Text, not dates: the form sends its empty date fields as `from=&to=`, and a mistyped date gets a message.
    from_: Annotated[str, Query(alias="from", max_length=32)] = "",
    to: Annotated[str, Query(max_length=32)] = "",
    category: Annotated[str, Query(max_length=32)] = "",
    has_code: bool = False,
    daily_only: bool = False,
    page: Annotated[int, Query(ge=1, le=50)] = 1,
) -> Response:
    problems: list[str] = []
    published_from, published_to = _form_date(from_, "From", problems), _form_date(to, "To", problems)
    filters = SearchFilters(
        published_from=published_from,
        published_to=published_to,
        category=category.strip() or None,
        has_code=True if has_code else None,
        daily_only=daily_only,
    )
    cards, notice, has_more = [], " ".join(problems) or None, False
    match: MatchReport | None = None
    if q.strip() and not problems:
        results = search_papers(
            db,
            indexes,
            SearchRequest(
                q,
                mode=mode,
                filters=filters,
                sort=sort,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
                summary_chars=SUMMARY_CHARS,
            ),
        )
        cards = [build_result_card(hit) for hit in results.hits]
        notice, has_more, match = results.notice, results.has_more, results.match
    params = dict(request.query_params)
    searched = bool(q.strip()) and not problems
    search_params = {name: value for name, value in params.items() if name not in ("page", "saved")}
    suggestion = match.suggestion if match is not None and page == 1 else None
    view = SearchPageView(
        query=q,
        cards=cards,
        first_rank=(page - 1) * PAGE_SIZE + 1,
        modes=[Choice(value, MODE_LABELS[value], value == mode) for value in SEARCH_MODES],
        sorts=[Choice(value, SORT_LABELS[value], value == sort) for value in SEARCH_SORTS],
        published_from=from_.strip(),
        published_to=to.strip(),
        category=category,
        has_code=has_code,
        daily_only=daily_only,
        notice=notice,
        poor_match_notice=POOR_MATCH_NOTICE if cards and match is not None and match.poor else None,
        suggestion=suggestion,
        suggestion_url=_suggestion_url(params, suggestion) if suggestion else None,
        summary=_summary(q, len(cards), page, match),
        previous_page=_page_url(params, page - 1) if page > 1 else None,
        next_page=_page_url(params, page + 1) if has_more else None,
        save_fields=list(search_params.items()) if searched else [],
        saved_notice="Search saved: find it under Following." if searched and params.get("saved") else None,
    )
    feed = (
        FeedLinks(f"Search: {q}", urls.search_feed_path(search_params), urls.search_feed_path(search_params, "rss"))
        if searched
        else None
    )
    context = {"view": view, "query": q, "feed": feed, "category_follow": _category_follow(db, user, category)}
    return render_page(request, "search.html", context, status_code=422 if problems else 200)


def _category_follow(db: DatabaseDep, user: User | None, category: str) -> FollowButton | None:
    """The follow button for the category the results are filtered by, when it is one."""
    category = category.strip()
    if not category or not CATEGORY_PATTERN.fullmatch(category):
        return None
    following = follows_service.is_following(
        db, user_id=user.id if user else None, kind=FollowKind.CATEGORY, value=category
    )
    return follow_button(FollowKind.CATEGORY, category, category, following=following)


def _form_date(text: str, label: str, problems: list[str]) -> date | None:
    """A date field of the form: empty is no date; one that is not a date adds a message to `problems`."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{label}: “{text}” is not a date; write it as YYYY-MM-DD.")
        return None


@router.get("/related", response_class=Response)
def related_form(request: Request) -> Response:
    context: dict[str, object] = {"text": "", "focus": "", "cards": [], "notice": None, "searched": False}
    return render_page(request, "related.html", context)


# A search that changes nothing, posted only because an abstract is too long for an address; it is open to
# visitors and carries the CSRF token like every form.
@router.post("/related", response_class=Response)
@cpu_bound
def related_results(
    request: Request,
    db: DatabaseDep,
    indexes: SearchDep,
    text: Annotated[str, Form(max_length=50_000)] = "",
    focus: Annotated[str, Form(max_length=50_000)] = "",
) -> Response:
    cards: list[ResultCard] = []
    notice = None
    if not text.strip() and focus.strip():
        # Only the focus box filled: it is the whole of what there is to search for.
        text, focus = focus, ""
    if text.strip():
        results = find_related_work(db, indexes, text=text, focus=focus, limit=RELATED_LIMIT)
        cards = [build_result_card(hit) for hit in results.hits]
        notice = results.notice
    context = {"text": text, "focus": focus, "cards": cards, "notice": notice, "searched": bool(text.strip())}
    return render_page(request, "related.html", context)


def _summary(query: str, shown: int, page: int, match: MatchReport | None) -> str:
    if not query.strip():
        return "Search titles and abstracts of every paper indexed here."
    if shown == 0:
        return "No papers match." if page == 1 else "No more results."
    first = (page - 1) * PAGE_SIZE + 1
    shown_range = f"Results {first}–{first + shown - 1}"
    return f"{shown_range} · {describe_estimate(match.estimate)}" if match is not None else shown_range


def _suggestion_url(params: dict[str, str], suggestion: str) -> str:
    """The same search (mode, filters, sort) for the suggested words, from its first page."""
    return urls.search_path({**{k: v for k, v in params.items() if k != "page"}, "q": suggestion})


def _page_url(params: dict[str, str], page: int) -> str:
    query = {**params, "page": str(page)} if page > 1 else {k: v for k, v in params.items() if k != "page"}
    return urls.search_path(query)
