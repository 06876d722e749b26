"""Upvotes: cast and withdrawn idempotently, the paper's count and trending key moved in the same transaction.

The count moves only when a vote row was really added or removed (INSERT … ON CONFLICT DO NOTHING RETURNING,
DELETE … RETURNING), and by `upvote_count + 1` on the row itself, never by recounting: a recount's subquery
can read a stale snapshot under PostgreSQL's READ COMMITTED and lose a concurrent vote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.trending import VOTE_WEIGHT, event_key
from dailypapers.services.errors import NotFound
from dailypapers.store import votes as votes_store
from dailypapers.store.papers import get_paper_id
from dailypapers.store.trending_writes import move_upvotes


@dataclass(frozen=True, slots=True)
class VoteState:
    arxiv_id: str
    upvote_count: int
    voted: bool


def cast_vote(db: Database, *, arxiv_id: str, user_id: int, now: datetime) -> VoteState:
    """The member upvotes the paper; casting twice is the same as once."""
    with db.transaction() as connection:
        paper_id = _require_paper_id(connection, arxiv_id)
        if votes_store.insert_vote(connection, paper_id=paper_id, user_id=user_id, now=now):
            count = move_upvotes(connection, paper_id=paper_id, by=1, term=event_key(at=now, weight=VOTE_WEIGHT))
        else:
            count = votes_store.get_upvote_count(connection, paper_id=paper_id)
    return VoteState(arxiv_id, count, voted=True)


def withdraw_vote(db: Database, *, arxiv_id: str, user_id: int) -> VoteState:
    """The member takes the upvote back, and its term (at the time it was cast) leaves the trending key."""
    with db.transaction() as connection:
        paper_id = _require_paper_id(connection, arxiv_id)
        cast_at = votes_store.delete_vote(connection, paper_id=paper_id, user_id=user_id)
        if cast_at is not None:
            term = event_key(at=cast_at, weight=VOTE_WEIGHT)
            count = move_upvotes(connection, paper_id=paper_id, by=-1, term=term)
        else:
            count = votes_store.get_upvote_count(connection, paper_id=paper_id)
    return VoteState(arxiv_id, count, voted=False)


def get_voted_paper_ids(db: Database, *, user_id: int | None, paper_ids: Sequence[int]) -> set[int]:
    """Which of a page's papers the member has upvoted, in one query; nothing for a visitor."""
    if user_id is None or not paper_ids:
        return set()
    with db.reading() as connection:
        return votes_store.list_voted_paper_ids(connection, user_id=user_id, paper_ids=paper_ids)


def _require_paper_id(connection: Connection, arxiv_id: str) -> int:
    paper_id = get_paper_id(connection, arxiv_id=arxiv_id)
    if paper_id is None:
        raise NotFound(f"no paper {arxiv_id} is indexed here")
    return paper_id
