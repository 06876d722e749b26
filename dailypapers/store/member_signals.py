"""What members have said about papers, read for "For you": upvotes, saved papers, their own (approved claims),
"not interested", follows and saved searches. Read for many members at once, so that a digest run asks per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, select

from dailypapers.db.schema import (
    author_claims,
    collection_items,
    collections,
    dismissals,
    follows,
    papers,
    saved_searches,
    users,
    votes,
)
from dailypapers.domain.for_you import FollowSignal, MemberSignals, PaperSignal, SavedSearchSignal, SignalKind


def list_member_signals(connection: Connection, *, user_ids: Sequence[int]) -> dict[int, MemberSignals]:
    """Every listed member's signals (members with none get empty ones); paper signals newest first, one per
    paper (a paper both saved and upvoted counts once, as the kind first found: claimed, saved, upvoted)."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return {}
    dated: dict[int, dict[int, tuple[datetime, PaperSignal]]] = defaultdict(dict)
    for kind, query in (
        (SignalKind.CLAIMED, _claimed(ids)),
        (SignalKind.SAVED, _saved(ids)),
        (SignalKind.UPVOTED, _upvoted(ids)),
    ):
        for user_id, paper_id, arxiv_id, at in connection.execute(query):
            dated[user_id].setdefault(paper_id, (at, PaperSignal(paper_id, arxiv_id, kind)))
    dismissed: dict[int, set[int]] = defaultdict(set)
    for user_id, paper_id in connection.execute(
        select(dismissals.c.user_id, dismissals.c.paper_id).where(dismissals.c.user_id.in_(ids))
    ):
        dismissed[user_id].add(paper_id)
    followed: dict[int, list[FollowSignal]] = defaultdict(list)
    for user_id, kind, target, label in connection.execute(
        select(follows.c.user_id, follows.c.kind, follows.c.target, follows.c.label)
        .where(follows.c.user_id.in_(ids))
        .order_by(follows.c.id)
    ):
        followed[user_id].append(FollowSignal(kind, target, label))
    searches: dict[int, list[SavedSearchSignal]] = defaultdict(list)
    for user_id, name, query_text in connection.execute(
        select(saved_searches.c.user_id, saved_searches.c.name, saved_searches.c.query)
        .where(saved_searches.c.user_id.in_(ids))
        .order_by(saved_searches.c.id)
    ):
        searches[user_id].append(SavedSearchSignal(name, query_text))
    return {
        user_id: MemberSignals(
            papers=tuple(
                signal for _, signal in sorted(dated[user_id].values(), key=lambda pair: pair[0], reverse=True)
            ),
            dismissed=frozenset(dismissed[user_id]),
            follows=tuple(followed[user_id]),
            saved_searches=tuple(searches[user_id]),
        )
        for user_id in ids
    }


def list_followed_member_authors(connection: Connection, *, usernames: Sequence[str]) -> dict[str, set[str]]:
    """For each followed member (by username), the author keys their approved claims verify: the names under which
    their new papers will appear."""
    if not usernames:
        return {}
    query = (
        select(users.c.username, author_claims.c.author_key)
        .join(author_claims, author_claims.c.user_id == users.c.id)
        .where(users.c.username.in_(list(usernames)), author_claims.c.status == "approved")
        .distinct()
    )
    keys: dict[str, set[str]] = defaultdict(set)
    for username, author_key in connection.execute(query):
        keys[username].add(author_key)
    return keys


def _claimed(ids: list[int]):  # type: ignore[no-untyped-def]
    return (
        select(author_claims.c.user_id, papers.c.id, papers.c.arxiv_id, author_claims.c.created_at)
        .join(papers, papers.c.id == author_claims.c.paper_id)
        .where(author_claims.c.user_id.in_(ids), author_claims.c.status == "approved")
    )


def _saved(ids: list[int]):  # type: ignore[no-untyped-def]
    return (
        select(collections.c.user_id, papers.c.id, papers.c.arxiv_id, collection_items.c.added_at)
        .join(collections, collections.c.id == collection_items.c.collection_id)
        .join(papers, papers.c.id == collection_items.c.paper_id)
        .where(collections.c.user_id.in_(ids))
    )


def _upvoted(ids: list[int]):  # type: ignore[no-untyped-def]
    return (
        select(votes.c.user_id, papers.c.id, papers.c.arxiv_id, votes.c.created_at)
        .join(papers, papers.c.id == votes.c.paper_id)
        .where(votes.c.user_id.in_(ids))
    )
