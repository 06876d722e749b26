"""Follows: authors (by name, or a verified member) and arXiv categories a member keeps an eye on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from dailypapers.db.engine import Database
from dailypapers.domain.follows import Follow, FollowKind, InvalidFollow, follow_target
from dailypapers.services.errors import InvalidInput, NotFound
from dailypapers.store import follow_writes
from dailypapers.store import follows as follows_store
from dailypapers.store.users import get_user_by_username


def follow(db: Database, *, user_id: int, kind: FollowKind, value: str, now: datetime) -> str:
    """Follow an author, member or category; following twice is following once. Returns the normalised target."""
    target, label = _require_target(kind, value)
    with db.transaction() as connection:
        if kind is FollowKind.MEMBER and get_user_by_username(connection, username=target) is None:
            raise NotFound(f"no member is called {label!r}")
        follow_writes.insert_follow(connection, user_id=user_id, kind=kind, target=target, label=label, now=now)
    return target


def unfollow(db: Database, *, user_id: int, kind: FollowKind, value: str) -> bool:
    """Stop following; False when the member did not follow it (no change, no error: the outcome is the same)."""
    target, _ = _require_target(kind, value)
    with db.transaction() as connection:
        return follow_writes.delete_follow(connection, user_id=user_id, kind=kind, target=target)


def list_follows(db: Database, *, user_id: int) -> list[Follow]:
    with db.reading() as connection:
        return follows_store.list_follows(connection, user_id=user_id)


def is_following(db: Database, *, user_id: int | None, kind: FollowKind, value: str) -> bool:
    """Whether the member follows it; never for a visitor or a value that names nothing."""
    if user_id is None:
        return False
    try:
        target, _ = follow_target(kind, value)
    except InvalidFollow:
        return False
    with db.reading() as connection:
        found = follows_store.list_followed_targets(connection, user_id=user_id, kind=kind, targets=[target])
    return bool(found)


def get_followed_targets(db: Database, *, user_id: int | None, kind: FollowKind, targets: Sequence[str]) -> set[str]:
    if user_id is None or not targets:
        return set()
    with db.reading() as connection:
        return follows_store.list_followed_targets(connection, user_id=user_id, kind=kind, targets=targets)


def _require_target(kind: FollowKind, value: str) -> tuple[str, str]:
    try:
        return follow_target(kind, value)
    except InvalidFollow as error:
        raise InvalidInput({"target": str(error)}) from error
