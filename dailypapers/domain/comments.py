"""Comments: what the store returns, and the rules a comment's text and a curator's reason must meet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dailypapers.domain.text import collapse_whitespace, remove_control_characters
from dailypapers.domain.users import InvalidField

MAX_BODY_LENGTH = 10_000
MAX_REASON_LENGTH = 200


class CommentState(StrEnum):
    VISIBLE = "visible"
    DELETED = "deleted"  # by its author: a placeholder keeps the replies in place
    HIDDEN = "hidden"  # by a curator, with a reason


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    paper_id: int
    arxiv_id: str  # the paper's
    parent_id: int | None
    author_username: str | None  # None once the account is gone
    author_display_name: str | None
    user_id: int | None
    body: str  # the Markdown as written; empty once deleted
    body_html: str  # rendered and sanitised when written
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    hidden_at: datetime | None
    hidden_reason: str | None

    @property
    def state(self) -> CommentState:
        if self.deleted_at is not None:
            return CommentState.DELETED
        if self.hidden_at is not None:
            return CommentState.HIDDEN
        return CommentState.VISIBLE

    @property
    def is_visible(self) -> bool:
        return self.state is CommentState.VISIBLE


def check_comment_body(text: str) -> str:
    """The body as stored: control characters gone (PostgreSQL refuses NUL), ends trimmed, not empty, not huge."""
    body = remove_control_characters(text).replace("\r\n", "\n").strip()
    if not body:
        raise InvalidField("body", "Write something first: the comment is empty.")
    if len(body) > MAX_BODY_LENGTH:
        raise InvalidField("body", f"Comments are at most {MAX_BODY_LENGTH:,} characters; this one has {len(body):,}.")
    return body


def check_hide_reason(text: str) -> str:
    reason = collapse_whitespace(text)
    if not reason:
        raise InvalidField("reason", "Say why the comment is hidden; readers see the reason in its place.")
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidField("reason", f"Reasons are at most {MAX_REASON_LENGTH} characters.")
    return reason


@dataclass(frozen=True, slots=True)
class ThreadNode:
    comment: Comment
    replies: tuple[ThreadNode, ...]


def build_thread(comments: list[Comment]) -> tuple[ThreadNode, ...]:
    """The comments as a tree, oldest first at each level.

    A deleted comment stays as a placeholder only while something beneath it is still there to read; a reply
    whose parent is missing is shown at the top rather than lost.
    """
    ids = {comment.id for comment in comments}
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        parent = comment.parent_id if comment.parent_id in ids else None
        children.setdefault(parent, []).append(comment)

    def grow(parent: int | None) -> tuple[ThreadNode, ...]:
        nodes = []
        for comment in children.get(parent, []):
            replies = grow(comment.id)
            if comment.state is CommentState.DELETED and not replies:
                continue
            nodes.append(ThreadNode(comment, replies))
        return tuple(nodes)

    return grow(None)
