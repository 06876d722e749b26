""" "Not interested": a member turns a paper away (For you and its feed leave it out) or takes that back.

The community's lists still show it: a dismissal is one member's signal, not a vote on the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.services.errors import NotFound
from dailypapers.store import dismissal_writes
from dailypapers.store import dismissals as dismissals_store
from dailypapers.store.papers import get_paper_id

LISTED_DISMISSALS = 500


def dismiss_paper(db: Database, *, arxiv_id: str, user_id: int, now: datetime) -> None:
    """Turn the paper away; twice is once. NotFound for a paper not indexed here."""
    with db.transaction() as connection:
        paper_id = _require_paper_id(connection, arxiv_id)
        dismissal_writes.insert_dismissal(connection, user_id=user_id, paper_id=paper_id, now=now)


def undo_dismissal(db: Database, *, arxiv_id: str, user_id: int) -> None:
    """Take "not interested" back; nothing to take back is no error."""
    with db.transaction() as connection:
        paper_id = _require_paper_id(connection, arxiv_id)
        dismissal_writes.delete_dismissal(connection, user_id=user_id, paper_id=paper_id)


def get_dismissed_paper_ids(db: Database, *, user_id: int | None, paper_ids: Sequence[int]) -> set[int]:
    """Which of a page's papers the member turned away, in one query; nothing for a visitor."""
    if user_id is None or not paper_ids:
        return set()
    with db.reading() as connection:
        return dismissals_store.list_dismissed_paper_ids(connection, user_id=user_id, paper_ids=paper_ids)


def list_dismissed(db: Database, *, user_id: int) -> list[str]:
    """The arXiv ids of the member's dismissed papers, latest first (at most LISTED_DISMISSALS)."""
    with db.reading() as connection:
        return dismissals_store.list_dismissed_arxiv_ids(connection, user_id=user_id, limit=LISTED_DISMISSALS)


def _require_paper_id(connection: Connection, arxiv_id: str) -> int:
    paper_id = get_paper_id(connection, arxiv_id=arxiv_id)
    if paper_id is None:
        raise NotFound(f"no paper {arxiv_id} is indexed here")
    return paper_id
