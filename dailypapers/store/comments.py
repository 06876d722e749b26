"""Comment rows: insert, read a paper's thread, and the state changes (edit, delete, hide) as single statements.

State changes say whether the comment really went from visible to not, so the caller moves the paper's count
only then, however many requests race.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from dailypapers.db.schema import comments, papers, users
from dailypapers.domain.comments import Comment

_author = users.alias("author")
_COLUMNS = (
    *comments.c,
    papers.c.arxiv_id.label("paper_arxiv_id"),
    _author.c.username.label("author_username"),
    _author.c.display_name.label("author_display_name"),
)


def insert_comment(
    connection: Connection,
    *,
    paper_id: int,
    user_id: int,
    parent_id: int | None,
    body: str,
    body_html: str,
    now: datetime,
) -> int:
    statement = insert(comments).values(
        paper_id=paper_id, user_id=user_id, parent_id=parent_id, body=body, body_html=body_html, created_at=now
    )
    comment_id: int = connection.execute(statement.returning(comments.c.id)).scalar_one()
    return comment_id


def get_comment(connection: Connection, *, comment_id: int) -> Comment | None:
    row = connection.execute(_query().where(comments.c.id == comment_id)).first()
    return None if row is None else _comment(row)


def list_paper_comments(connection: Connection, *, paper_id: int) -> list[Comment]:
    """Every comment on the paper, oldest first, whatever its state (the thread needs the placeholders)."""
    query = _query().where(comments.c.paper_id == paper_id).order_by(comments.c.created_at, comments.c.id)
    return [_comment(row) for row in connection.execute(query)]


def update_comment_body(connection: Connection, *, comment_id: int, body: str, body_html: str, now: datetime) -> bool:
    """Replace a visible comment's text; False when it is deleted or hidden (or gone)."""
    statement = (
        update(comments)
        .where(comments.c.id == comment_id, comments.c.deleted_at.is_(None), comments.c.hidden_at.is_(None))
        .values(body=body, body_html=body_html, edited_at=now)
    )
    return connection.execute(statement).rowcount == 1


def mark_deleted(connection: Connection, *, comment_id: int, now: datetime) -> bool | None:
    """Delete a comment, keeping its row for the thread's shape; its text goes.

    Returns whether it was visible until now (True: the paper's count drops), None when it was deleted already.
    """
    statement = (
        update(comments)
        .where(comments.c.id == comment_id, comments.c.deleted_at.is_(None))
        .values(deleted_at=now, body="", body_html="")
        .returning(comments.c.hidden_at)
    )
    row = connection.execute(statement).first()
    return None if row is None else row.hidden_at is None


def mark_hidden(connection: Connection, *, comment_id: int, curator_id: int, reason: str, now: datetime) -> bool:
    """Hide a visible comment with the curator's reason; False when it was not visible (nothing changed)."""
    statement = (
        update(comments)
        .where(comments.c.id == comment_id, comments.c.deleted_at.is_(None), comments.c.hidden_at.is_(None))
        .values(hidden_at=now, hidden_by_id=curator_id, hidden_reason=reason)
    )
    return connection.execute(statement).rowcount == 1


def _query() -> Any:
    return (
        select(*_COLUMNS)
        .join(papers, papers.c.id == comments.c.paper_id)
        .outerjoin(_author, _author.c.id == comments.c.user_id)
    )


def _comment(row: Row[Any]) -> Comment:
    values = row._mapping
    return Comment(
        id=values["id"],
        paper_id=values["paper_id"],
        arxiv_id=values["paper_arxiv_id"],
        parent_id=values["parent_id"],
        author_username=values["author_username"],
        author_display_name=values["author_display_name"],
        user_id=values["user_id"],
        body=values["body"],
        body_html=values["body_html"],
        created_at=values["created_at"],
        edited_at=values["edited_at"],
        deleted_at=values["deleted_at"],
        hidden_at=values["hidden_at"],
        hidden_reason=values["hidden_reason"],
    )
