"""Comments through the API: a paper's thread, posting and replying, editing and deleting one's own, hiding."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Response
from pydantic import BaseModel, Field

from dailypapers.domain import urls
from dailypapers.domain.comments import Comment
from dailypapers.services import comments as comments_service
from dailypapers.web.auth import RequireConfirmedUser, RequireCurator, RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import MAX_ROW_ID, RowId, require_bare_id
from dailypapers.web.problems import problem_responses
from dailypapers.web.rate_limits import member_rate_limited

router = APIRouter(prefix="/api/v1", tags=["Comments"])
_NO_PAPER = {404: "No paper by that id is indexed here."}
_NO_COMMENT = {404: "No such comment, or it was deleted."}


class AuthorOut(BaseModel):
    username: str
    display_name: str | None


class CommentOut(BaseModel):
    id: int
    parent_id: int | None
    author: AuthorOut | None  # None once the account is gone
    state: Literal["visible", "deleted", "hidden"]
    body: str  # the Markdown source; empty unless visible
    body_html: str  # sanitised HTML; empty unless visible
    hidden_reason: str | None
    created_at: datetime
    edited_at: datetime | None
    url: str

    @classmethod
    def of(cls, comment: Comment) -> CommentOut:
        visible = comment.is_visible
        author = (
            AuthorOut(username=comment.author_username, display_name=comment.author_display_name)
            if comment.author_username and comment.deleted_at is None
            else None
        )
        return cls(
            id=comment.id,
            parent_id=comment.parent_id,
            author=author,
            state=comment.state.value,
            body=comment.body if visible else "",
            body_html=comment.body_html if visible else "",
            hidden_reason=comment.hidden_reason,
            created_at=comment.created_at,
            edited_at=comment.edited_at,
            url=urls.comment_path(comment.arxiv_id, comment.id),
        )


class NewComment(BaseModel):
    body: str = Field(description="Markdown (CommonMark; raw HTML is shown as text)")
    parent_id: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="The comment this replies to")


class CommentEdit(BaseModel):
    body: str


class HideRequest(BaseModel):
    reason: str = Field(description="Shown in the comment's place: 'hidden by a curator: <reason>'")


@router.get(
    "/papers/{arxiv_id:path}/comments",
    summary="A paper's comments, oldest first, with parent_id for threads",
    responses=problem_responses(404, texts=_NO_PAPER),
)
def list_comments(db: DatabaseDep, arxiv_id: str) -> list[CommentOut]:
    bare = require_bare_id(arxiv_id)
    thread = comments_service.get_thread(db, arxiv_id=bare)
    return [CommentOut.of(comment) for comment in thread.comments]


@router.post(
    "/papers/{arxiv_id:path}/comments",
    status_code=201,
    summary="Comment on a paper, or reply to a comment",
    dependencies=member_rate_limited("comment"),
    responses=problem_responses(
        403,
        404,
        422,
        429,
        texts={403: "Your email address is not confirmed yet.", **_NO_PAPER},
    ),
)
def post_comment(
    db: DatabaseDep, user: RequireConfirmedUser, now: NowDep, response: Response, arxiv_id: str, comment: NewComment
) -> CommentOut:
    bare = require_bare_id(arxiv_id)
    added = comments_service.add_comment(
        db, arxiv_id=bare, user_id=user.id, body=comment.body, parent_id=comment.parent_id, now=now
    )
    response.headers["Location"] = urls.api_comment_path(added.id)
    return CommentOut.of(added)


@router.get(
    "/comments/{comment_id}",
    summary="One comment",
    responses=problem_responses(404, texts=_NO_COMMENT),
)
def get_comment(db: DatabaseDep, comment_id: RowId) -> CommentOut:
    comment = comments_service.require_comment(db, comment_id=comment_id)
    return CommentOut.of(comment)


@router.patch(
    "/comments/{comment_id}",
    summary="Edit your own comment",
    responses=problem_responses(
        403,
        404,
        422,
        texts={
            403: "Another member's comment, one a curator hid, or your email is unconfirmed.",
            **_NO_COMMENT,
        },
    ),
)
def patch_comment(
    db: DatabaseDep, user: RequireConfirmedUser, now: NowDep, comment_id: RowId, edit: CommentEdit
) -> CommentOut:
    comment = comments_service.edit_comment(db, comment_id=comment_id, user_id=user.id, body=edit.body, now=now)
    return CommentOut.of(comment)


@router.delete(
    "/comments/{comment_id}",
    status_code=204,
    summary="Delete your own comment (replies stay)",
    responses=problem_responses(403, 404, texts={403: "Another member's comment.", **_NO_COMMENT}),
)
def delete_comment(db: DatabaseDep, user: RequireUser, now: NowDep, comment_id: RowId) -> Response:
    comments_service.delete_comment(db, comment_id=comment_id, user_id=user.id, now=now)
    return Response(status_code=204)


@router.post(
    "/comments/{comment_id}/hide",
    summary="Hide a comment, with a reason shown in its place (curators)",
    responses=problem_responses(403, 404, 422, texts={403: "This needs the curator role.", **_NO_COMMENT}),
)
def hide_comment(
    db: DatabaseDep, user: RequireCurator, now: NowDep, comment_id: RowId, hide: Annotated[HideRequest, Body()]
) -> CommentOut:
    comment = comments_service.hide_comment(db, comment_id=comment_id, curator=user, reason=hide.reason, now=now)
    return CommentOut.of(comment)
