"""Author claims: rows in, `AuthorClaim` dataclasses out, with the paper and the members involved joined in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, delete, func, select, update

from dailypapers.db.dialect import insert_ignoring_conflicts
from dailypapers.db.schema import author_claims, papers, users
from dailypapers.domain.authors import author_key
from dailypapers.domain.claims import AuthorClaim, ClaimStatus
from dailypapers.domain.users import MemberRef

_claimant = users.alias("claimant")
_decider = users.alias("decider")


def insert_claim(
    connection: Connection,
    *,
    paper_id: int,
    author_position: int,
    author_name: str,
    user_id: int,
    note: str | None,
    now: datetime,
) -> int | None:
    """The new claim's id, or None when the member has a claim on this paper already."""
    statement = (
        insert_ignoring_conflicts(connection, author_claims)
        .values(
            paper_id=paper_id,
            author_position=author_position,
            author_name=author_name,
            author_key=author_key(author_name),
            user_id=user_id,
            status=ClaimStatus.PENDING.value,
            note=note,
            created_at=now,
        )
        .returning(author_claims.c.id)
    )
    claim_id: int | None = connection.execute(statement).scalar_one_or_none()
    return claim_id


def get_claim(connection: Connection, *, claim_id: int) -> AuthorClaim | None:
    return _first(connection, author_claims.c.id == claim_id)


def get_verified_claim(connection: Connection, *, paper_id: int, author_position: int) -> AuthorClaim | None:
    return _first(
        connection,
        (author_claims.c.paper_id == paper_id)
        & (author_claims.c.author_position == author_position)
        & (author_claims.c.status == ClaimStatus.APPROVED.value),
    )


def list_claims(connection: Connection, *, status: ClaimStatus, offset: int, limit: int) -> list[AuthorClaim]:
    """Pending claims oldest first (a queue); decided ones most recently decided first."""
    order = (
        [author_claims.c.created_at.asc()]
        if status is ClaimStatus.PENDING
        else [author_claims.c.decided_at.desc().nulls_last()]
    )
    query = _select().where(author_claims.c.status == status.value).order_by(*order, author_claims.c.id)
    return _claims(connection, query.offset(offset).limit(limit))


def count_claims(connection: Connection, *, status: ClaimStatus) -> int:
    query = select(func.count()).where(author_claims.c.status == status.value)
    return connection.execute(query).scalar_one()


def list_paper_claims(connection: Connection, *, paper_ids: Sequence[int]) -> list[AuthorClaim]:
    """Every claim on these papers, open or decided, in the order they were made."""
    query = _select().where(author_claims.c.paper_id.in_(paper_ids)).order_by(author_claims.c.id)
    return _claims(connection, query)


def list_member_claims(connection: Connection, *, user_id: int) -> list[AuthorClaim]:
    query = _select().where(author_claims.c.user_id == user_id).order_by(author_claims.c.created_at.desc())
    return _claims(connection, query)


def list_claimed_paper_ids(connection: Connection, *, user_id: int, offset: int, limit: int) -> list[int]:
    """The papers the member is a verified author of, newest on arXiv first."""
    query = (
        select(papers.c.id)
        .join(author_claims, author_claims.c.paper_id == papers.c.id)
        .where(author_claims.c.user_id == user_id, author_claims.c.status == ClaimStatus.APPROVED.value)
        .order_by(papers.c.published_at.desc().nulls_last(), papers.c.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(connection.execute(query).scalars())


def count_claimed_papers(connection: Connection, *, user_id: int) -> int:
    query = select(func.count()).where(
        author_claims.c.user_id == user_id, author_claims.c.status == ClaimStatus.APPROVED.value
    )
    return connection.execute(query).scalar_one()


def list_author_claimants(connection: Connection, *, key: str) -> list[MemberRef]:
    """Members verified as an author of this name on at least one paper."""
    query = (
        select(users.c.id, users.c.username, users.c.display_name)
        .join(author_claims, author_claims.c.user_id == users.c.id)
        .where(author_claims.c.author_key == key, author_claims.c.status == ClaimStatus.APPROVED.value)
        .group_by(users.c.id, users.c.username, users.c.display_name)
        .order_by(users.c.username)
    )
    return [MemberRef(row.id, row.username, row.display_name) for row in connection.execute(query)]


def set_claim_status(
    connection: Connection, *, claim_id: int, status: ClaimStatus, decided_by: int | None, now: datetime
) -> None:
    connection.execute(
        update(author_claims)
        .where(author_claims.c.id == claim_id)
        .values(status=status.value, decided_by=decided_by, decided_at=now)
    )


def reject_rival_claims(connection: Connection, *, claim: AuthorClaim, decided_by: int | None, now: datetime) -> int:
    """Reject the other pending claims to the same author position; returns how many."""
    statement = (
        update(author_claims)
        .where(
            author_claims.c.paper_id == claim.paper_id,
            author_claims.c.author_position == claim.author_position,
            author_claims.c.id != claim.id,
            author_claims.c.status == ClaimStatus.PENDING.value,
        )
        .values(status=ClaimStatus.REJECTED.value, decided_by=decided_by, decided_at=now)
    )
    return connection.execute(statement).rowcount


def delete_claim(connection: Connection, *, claim_id: int) -> None:
    connection.execute(delete(author_claims).where(author_claims.c.id == claim_id))


def _select() -> Select[Any]:
    return (
        select(
            author_claims,
            papers.c.arxiv_id,
            papers.c.title,
            _claimant.c.username.label("claimant_username"),
            _claimant.c.display_name.label("claimant_display_name"),
            _decider.c.username.label("decider_username"),
            _decider.c.display_name.label("decider_display_name"),
        )
        .join(papers, papers.c.id == author_claims.c.paper_id)
        .join(_claimant, _claimant.c.id == author_claims.c.user_id)
        .outerjoin(_decider, _decider.c.id == author_claims.c.decided_by)
    )


def _first(connection: Connection, condition: ColumnElement[bool]) -> AuthorClaim | None:
    found = _claims(connection, _select().where(condition).limit(1))
    return found[0] if found else None


def _claims(connection: Connection, query: Select[Any]) -> list[AuthorClaim]:
    return [_claim_from_row(row) for row in connection.execute(query)]


def _claim_from_row(row: Row[Any]) -> AuthorClaim:
    decider = (
        MemberRef(row.decided_by, row.decider_username, row.decider_display_name)
        if row.decider_username is not None
        else None
    )
    return AuthorClaim(
        id=row.id,
        paper_id=row.paper_id,
        arxiv_id=row.arxiv_id,
        paper_title=row.title,
        author_position=row.author_position,
        author_name=row.author_name,
        claimant=MemberRef(row.user_id, row.claimant_username, row.claimant_display_name),
        status=ClaimStatus(row.status),
        note=row.note,
        created_at=row.created_at,
        decided_at=row.decided_at,
        decided_by=decider,
    )
