"""Comments on papers: threads, writing, editing and deleting one's own, and curators hiding with a reason.

Markdown is rendered and sanitised before the transaction opens, and stored beside the source: a thread is read
far more often than written, and rendering costs about half a millisecond per comment. The paper's comment count
and trending key move in the same transaction, only when a comment really became visible or stopped being so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.comments import Comment, ThreadNode, build_thread, check_comment_body, check_hide_reason
from dailypapers.domain.markdown import render_markdown
from dailypapers.domain.trending import COMMENT_WEIGHT, event_key
from dailypapers.domain.users import InvalidField, Role, User
from dailypapers.services.errors import Forbidden, InvalidInput, NotFound
from dailypapers.store import comments as comments_store
from dailypapers.store.papers import get_paper_id
from dailypapers.store.trending_writes import move_comments


@dataclass(frozen=True, slots=True)
class Thread:
    comments: list[Comment]  # every comment, oldest first, whatever its state
    tree: tuple[ThreadNode, ...]


def get_thread(db: Database, *, arxiv_id: str) -> Thread:
    with db.reading() as connection:
        paper_id = _require_paper_id(connection, arxiv_id)
        comments = comments_store.list_paper_comments(connection, paper_id=paper_id)
    return Thread(comments, build_thread(comments))


def require_comment(db: Database, *, comment_id: int) -> Comment:
    with db.reading() as connection:
        return _require_comment(connection, comment_id)


def add_comment(
    db: Database, *, arxiv_id: str, user_id: int, body: str, parent_id: int | None = None, now: datetime
) -> Comment:
    """A new comment, or a reply to a comment on the same paper that is still there."""
    source = _checked(check_comment_body, body)
    html = render_markdown(source)
    with db.transaction() as connection:
        paper_id = _require_paper_id(connection, arxiv_id)
        if parent_id is not None:
            parent = comments_store.get_comment(connection, comment_id=parent_id)
            if parent is None or parent.paper_id != paper_id or parent.deleted_at is not None:
                raise InvalidInput({"parent_id": "The comment you reply to is not on this paper, or was deleted."})
        comment_id = comments_store.insert_comment(
            connection, paper_id=paper_id, user_id=user_id, parent_id=parent_id, body=source, body_html=html, now=now
        )
        move_comments(connection, paper_id=paper_id, by=1, term=event_key(at=now, weight=COMMENT_WEIGHT))
        return _require_comment(connection, comment_id)


def edit_comment(db: Database, *, comment_id: int, user_id: int, body: str, now: datetime) -> Comment:
    """The author changes the text of a comment that is still visible."""
    source = _checked(check_comment_body, body)
    html = render_markdown(source)
    with db.transaction() as connection:
        comment = _require_own(connection, comment_id, user_id)
        if comment.hidden_at is not None:
            raise Forbidden("a curator hid this comment; it can no longer be edited")
        if not comments_store.update_comment_body(
            connection, comment_id=comment_id, body=source, body_html=html, now=now
        ):
            raise NotFound(f"comment {comment_id} was deleted")
        return _require_comment(connection, comment_id)


def delete_comment(db: Database, *, comment_id: int, user_id: int, now: datetime) -> None:
    """The author deletes a comment; deleting it again changes nothing."""
    with db.transaction() as connection:
        comment = _require_own(connection, comment_id, user_id)
        was_visible = comments_store.mark_deleted(connection, comment_id=comment_id, now=now)
        if was_visible:
            term = event_key(at=comment.created_at, weight=COMMENT_WEIGHT)
            move_comments(connection, paper_id=comment.paper_id, by=-1, term=term)


def hide_comment(db: Database, *, comment_id: int, curator: User, reason: str, now: datetime) -> Comment:
    """A curator hides a comment, which then reads "hidden by a curator: <reason>"; hiding twice changes nothing."""
    if not curator.role.includes(Role.CURATOR):
        raise Forbidden("hiding comments needs the curator role")
    reason = _checked(check_hide_reason, reason)
    with db.transaction() as connection:
        comment = _require_comment(connection, comment_id)
        if comments_store.mark_hidden(connection, comment_id=comment_id, curator_id=curator.id, reason=reason, now=now):
            term = event_key(at=comment.created_at, weight=COMMENT_WEIGHT)
            move_comments(connection, paper_id=comment.paper_id, by=-1, term=term)
        return _require_comment(connection, comment_id)


def _checked(check: Callable[[str], str], text: str) -> str:
    try:
        return check(text)
    except InvalidField as error:
        raise InvalidInput({error.field: error.message}) from None


def _require_paper_id(connection: Connection, arxiv_id: str) -> int:
    paper_id = get_paper_id(connection, arxiv_id=arxiv_id)
    if paper_id is None:
        raise NotFound(f"no paper {arxiv_id} is indexed here")
    return paper_id


def _require_comment(connection: Connection, comment_id: int) -> Comment:
    comment = comments_store.get_comment(connection, comment_id=comment_id)
    if comment is None:
        raise NotFound(f"no comment {comment_id}")
    return comment


def _require_own(connection: Connection, comment_id: int, user_id: int) -> Comment:
    comment = _require_comment(connection, comment_id)
    if comment.user_id != user_id:
        raise Forbidden("this is another member's comment")
    return comment
