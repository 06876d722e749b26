"""The paper page, `/papers/<arXiv id>`: a versioned or non-canonical id redirects to the bare one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.follows import FollowKind
from dailypapers.domain.paper_links import may_edit_links
from dailypapers.domain.papers import Paper
from dailypapers.domain.users import User
from dailypapers.services import claims as claims_service
from dailypapers.services import comments as comments_service
from dailypapers.services import daily as daily_service
from dailypapers.services import follows as follows_service
from dailypapers.services import papers as papers_service
from dailypapers.services import upstream as upstream_service
from dailypapers.services import votes as votes_service
from dailypapers.services.code_stars import get_stars_gained
from dailypapers.services.paper_lookup import LookupOutcome
from dailypapers.services.similar import list_papers_like
from dailypapers.web.auth import CurrentUser
from dailypapers.web.deps import DatabaseDep, NowDep, ReaderLookupsDep, get_now, get_search
from dailypapers.web.pages.comment_views import CommentForm, build_thread_view
from dailypapers.web.pages.follows import FollowButton, follow_button
from dailypapers.web.pages.forms import FormView
from dailypapers.web.pages.missing_papers import render_missing_paper
from dailypapers.web.pages.paper_sections import (
    build_claim_section,
    build_entry_lines,
    build_links_section,
    build_stars_line,
)
from dailypapers.web.pages.search_views import build_similar_link
from dailypapers.web.pages.views import build_paper_view
from dailypapers.web.problems import Problem
from dailypapers.web.templating import render_page

# The path converter admits old-style ids (hep-th/9901001); include this router after every other /papers/...
router = APIRouter(include_in_schema=False)
SIMILAR_ON_PAGE = 6


@router.get("/papers/{arxiv_id:path}", response_class=Response)
def paper_page(
    request: Request, db: DatabaseDep, lookups: ReaderLookupsDep, user: CurrentUser, now: NowDep, arxiv_id: str
) -> Response:
    """The paper; one not yet indexed is looked up on arXiv first (for a moment at most), when the instance allows
    lookups. Whatever arXiv does, the reader gets the paper or a 404 that says what happened, with members' "Index
    it" button."""
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    if parsed.id != arxiv_id:
        return RedirectResponse(urls.paper_path(parsed.id), status_code=301)
    if lookups is None:
        paper = papers_service.get_paper(db, arxiv_id=parsed.id)
        if paper is None:
            detail = "This site has not indexed it, and does not look papers up on arXiv as they are opened."
            return render_missing_paper(request, db, arxiv_id=parsed.id, detail=detail, user=user)
        return render_paper(request, db, paper, user=user)
    found = lookups.find(db, arxiv_id=parsed.id, now=now)
    if found.outcome is LookupOutcome.ABSENT:
        detail = f"No paper {parsed.id} is indexed here or on arXiv: check the id."
        return render_missing_paper(request, db, arxiv_id=parsed.id, detail=detail, user=user, offer_index=False)
    if found.paper is None:
        detail = "arXiv did not answer in time; the paper may be here in a minute."
        return render_missing_paper(request, db, arxiv_id=parsed.id, detail=detail, user=user)
    return render_paper(request, db, found.paper, user=user)


def render_paper(
    request: Request,
    db: Database,
    paper: Paper,
    *,
    user: User | None,
    form: CommentForm | None = None,
    claim_form: FormView | None = None,
    links_form: FormView | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The paper page, with its comment thread and similar papers; `form` puts a refused comment back in its form
    with the reason, `claim_form` the "This is me" form, `links_form` the code link form."""
    voted = votes_service.get_voted_paper_ids(db, user_id=user.id if user else None, paper_ids=[paper.id])
    authorship = claims_service.get_authorship(db, paper=paper, viewer=user)
    thread = comments_service.get_thread(db, arxiv_id=paper.arxiv_id)
    similar = list_papers_like(db, get_search(request), paper=paper, limit=SIMILAR_ON_PAGE)
    context = {
        "paper": build_paper_view(
            paper,
            voted=paper.id in voted,
            verified=authorship.verified,
            # Only papers an upstream listed have anything from it: others skip the query.
            upstream=upstream_service.get_extras(db, paper_id=paper.id)
            if paper.upstream_upvote_count is not None
            else None,
        ),
        "stars_gained": build_stars_line(get_stars_gained(db, url=paper.github_repo, now=get_now(request))),
        "listings": build_entry_lines(daily_service.list_paper_entries(db, paper_id=paper.id)),
        "claims": build_claim_section(paper, authorship, viewer=user, form=claim_form),
        "links": build_links_section(
            paper, editable=user is not None and may_edit_links(user, verified=authorship.verified), form=links_form
        ),
        "thread": build_thread_view(
            arxiv_id=paper.arxiv_id,
            comments=thread.comments,
            tree=thread.tree,
            count=paper.comment_count,
            user=user,
            form=form,
        ),
        "similar": [build_similar_link(item.paper) for item in similar.similar],
        "canonical": urls.paper_path(paper.arxiv_id),
        "social_card": urls.social_card_path(paper.arxiv_id),
        "category_follow": _category_follow(db, paper, user=user),
    }
    return render_page(request, "paper.html", context, status_code=status_code, headers=headers)


def _category_follow(db: Database, paper: Paper, *, user: User | None) -> FollowButton | None:
    """The follow button for the paper's main category (its primary one, else its first)."""
    category = paper.primary_category or (paper.categories[0] if paper.categories else None)
    if category is None:
        return None
    following = follows_service.is_following(
        db, user_id=user.id if user else None, kind=FollowKind.CATEGORY, value=category
    )
    return follow_button(FollowKind.CATEGORY, category, category, following=following)
