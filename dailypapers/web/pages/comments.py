"""Comment forms on the paper page: post and reply, edit and delete one's own, hide (curators).

Each comes back to the comment on the paper page; refused input shows the page again with the text kept and the
reason beside the form it came from.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.domain.users import User
from dailypapers.services import comments as comments_service
from dailypapers.services import papers as papers_service
from dailypapers.services.errors import InvalidInput, RateLimitExceeded
from dailypapers.web.auth import RequireConfirmedUser, RequireCurator, RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import FormRowId, RowId, require_bare_id
from dailypapers.web.pages.comment_views import CommentForm
from dailypapers.web.pages.papers import render_paper
from dailypapers.web.rate_limits import enforce_rate_limit

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]


@router.post("/papers/{arxiv_id:path}/comments", response_class=Response)
def post_comment(
    request: Request,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    arxiv_id: str,
    body: FormText = "",
    parent_id: FormRowId = None,
) -> Response:
    bare = require_bare_id(arxiv_id)
    target = f"reply-{parent_id}" if parent_id is not None else "new"
    try:
        enforce_rate_limit(request, action="comment", user=user)
        comment = comments_service.add_comment(
            db, arxiv_id=bare, user_id=user.id, body=body, parent_id=parent_id, now=now
        )
    except RateLimitExceeded as error:
        headers = {"Retry-After": str(error.retry_after)}
        return _again(request, db, user, bare, CommentForm(target, body, str(error)), status_code=429, headers=headers)
    except InvalidInput as error:
        return _again(request, db, user, bare, CommentForm(target, body, str(error)), status_code=422)
    return _to_comment(comment.arxiv_id, comment.id)


@router.post("/comments/{comment_id}/edit", response_class=Response)
def edit_comment(
    request: Request, db: DatabaseDep, user: RequireConfirmedUser, now: NowDep, comment_id: RowId, body: FormText = ""
) -> Response:
    try:
        comment = comments_service.edit_comment(db, comment_id=comment_id, user_id=user.id, body=body, now=now)
    except InvalidInput as error:
        arxiv_id = comments_service.require_comment(db, comment_id=comment_id).arxiv_id
        form = CommentForm(f"edit-{comment_id}", body, str(error))
        return _again(request, db, user, arxiv_id, form, status_code=422)
    return _to_comment(comment.arxiv_id, comment.id)


@router.post("/comments/{comment_id}/delete", response_class=Response)
def delete_comment(db: DatabaseDep, user: RequireUser, now: NowDep, comment_id: RowId) -> Response:
    comment = comments_service.require_comment(db, comment_id=comment_id)
    comments_service.delete_comment(db, comment_id=comment_id, user_id=user.id, now=now)
    return RedirectResponse(f"{urls.paper_path(comment.arxiv_id)}#comments", status_code=303)


@router.post("/comments/{comment_id}/hide", response_class=Response)
def hide_comment(
    request: Request, db: DatabaseDep, user: RequireCurator, now: NowDep, comment_id: RowId, reason: FormText = ""
) -> Response:
    try:
        comment = comments_service.hide_comment(db, comment_id=comment_id, curator=user, reason=reason, now=now)
    except InvalidInput as error:
        arxiv_id = comments_service.require_comment(db, comment_id=comment_id).arxiv_id
        return _again(
            request, db, user, arxiv_id, CommentForm(f"hide-{comment_id}", reason, str(error)), status_code=422
        )
    return _to_comment(comment.arxiv_id, comment.id)


def _again(
    request: Request,
    db: Database,
    user: User,
    arxiv_id: str,
    form: CommentForm,
    *,
    status_code: int,
    headers: dict[str, str] | None = None,
) -> Response:
    paper = papers_service.require_paper(db, arxiv_id=arxiv_id)
    return render_paper(request, db, paper, user=user, form=form, status_code=status_code, headers=headers)


def _to_comment(arxiv_id: str, comment_id: int) -> Response:
    return RedirectResponse(urls.comment_path(arxiv_id, comment_id), status_code=303)
