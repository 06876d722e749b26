"""The paper page, `/papers/<arXiv id>`: a versioned or non-canonical id redirects to the bare one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.papers import Paper
from dailypapers.domain.users import User
from dailypapers.services import claims as claims_service
from dailypapers.services import comments as comments_service
from dailypapers.services import daily as daily_service
from dailypapers.services import papers as papers_service
from dailypapers.services import upstream as upstream_service
from dailypapers.services import votes as votes_service
from dailypapers.services.paper_lookup import LookupOutcome
from dailypapers.services.similar import list_similar_papers
from dailypapers.web.auth import CurrentUser
from dailypapers.web.deps import DatabaseDep, NowDep, ReaderLookupsDep, get_search
from dailypapers.web.pages.comment_views import CommentForm, build_thread_view
from dailypapers.web.pages.forms import FormView
from dailypapers.web.pages.paper_sections import build_claim_section, build_entry_lines
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
    lookups. Whatever arXiv does, the reader gets the paper or a 404 that says what happened."""
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    if parsed.id != arxiv_id:
        return RedirectResponse(urls.paper_path(parsed.id), status_code=301)
    if lookups is None:
        paper = papers_service.get_paper(db, arxiv_id=parsed.id)
        if paper is None:
            raise Problem(404, f"{parsed.id} is not indexed here yet")
        return render_paper(request, db, paper, user=user)
    found = lookups.find(db, arxiv_id=parsed.id, now=now)
    if found.outcome is LookupOutcome.ABSENT:
        raise Problem(404, f"no paper {parsed.id} is indexed here or on arXiv")
    if found.paper is None:
        detail = f"{parsed.id} is not indexed here yet; arXiv did not answer in time. Try again in a minute."
        raise Problem(404, detail)
    return render_paper(request, db, found.paper, user=user)


def render_paper(
    request: Request,
    db: Database,
    paper: Paper,
    *,
    user: User | None,
    form: CommentForm | None = None,
    claim_form: FormView | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The paper page, with its comment thread and similar papers; `form` puts a refused comment back in its form
    with the reason, `claim_form` the "This is me" form."""
    voted = votes_service.get_voted_paper_ids(db, user_id=user.id if user else None, paper_ids=[paper.id])
    authorship = claims_service.get_authorship(db, paper=paper, viewer=user)
    thread = comments_service.get_thread(db, arxiv_id=paper.arxiv_id)
    similar = list_similar_papers(db, get_search(request), arxiv_id=paper.arxiv_id, limit=SIMILAR_ON_PAGE)
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
        "listings": build_entry_lines(daily_service.list_paper_entries(db, paper_id=paper.id)),
        "claims": build_claim_section(paper, authorship, viewer=user, form=claim_form),
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
    }
    return render_page(request, "paper.html", context, status_code=status_code, headers=headers)
