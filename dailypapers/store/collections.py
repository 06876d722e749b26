"""Reading collections: one by id or by its owner's slug, a member's list, the items in order, which hold a paper."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, func, select

from dailypapers.db.schema import collection_items, collections, users
from dailypapers.domain.collections import Collection, CollectionItem
from dailypapers.store.papers import list_papers_by_ids

_item_count = (
    select(func.count())
    .where(collection_items.c.collection_id == collections.c.id)
    .correlate(collections)
    .scalar_subquery()
)
_COLUMNS = (*collections.c, users.c.username.label("owner_username"), _item_count.label("item_count"))


def get_collection(connection: Connection, *, collection_id: int) -> Collection | None:
    row = connection.execute(_query().where(collections.c.id == collection_id)).first()
    return None if row is None else _collection(row)


def get_collection_by_slug(connection: Connection, *, username: str, slug: str) -> Collection | None:
    row = connection.execute(_query().where(users.c.username == username, collections.c.slug == slug)).first()
    return None if row is None else _collection(row)


def list_user_collections(connection: Connection, *, user_id: int, public_only: bool) -> list[Collection]:
    """A member's collections, the most recently changed first."""
    query = _query().where(collections.c.user_id == user_id)
    if public_only:
        query = query.where(collections.c.private.is_(False))
    query = query.order_by(collections.c.updated_at.desc(), collections.c.id.desc())
    return [_collection(row) for row in connection.execute(query)]


def list_slugs(connection: Connection, *, user_id: int, prefix: str) -> set[str]:
    """The member's slugs that start with `prefix` (a new slug must differ from all of them)."""
    query = select(collections.c.slug).where(
        collections.c.user_id == user_id, collections.c.slug.startswith(prefix, autoescape=True)
    )
    return set(connection.execute(query).scalars())


def list_items(connection: Connection, *, collection_id: int) -> list[CollectionItem]:
    """The collection's papers in the owner's order, each with its note."""
    query = (
        select(collection_items)
        .where(collection_items.c.collection_id == collection_id)
        .order_by(collection_items.c.position, collection_items.c.added_at, collection_items.c.paper_id)
    )
    rows = connection.execute(query).all()
    papers = {paper.id: paper for paper in list_papers_by_ids(connection, paper_ids=[row.paper_id for row in rows])}
    return [CollectionItem(papers[row.paper_id], row.position, row.note, row.added_at) for row in rows]


def get_item(connection: Connection, *, collection_id: int, paper_id: int) -> CollectionItem | None:
    row = connection.execute(
        select(collection_items).where(
            collection_items.c.collection_id == collection_id, collection_items.c.paper_id == paper_id
        )
    ).first()
    if row is None:
        return None
    (paper,) = list_papers_by_ids(connection, paper_ids=[paper_id])
    return CollectionItem(paper, row.position, row.note, row.added_at)


def list_item_positions(connection: Connection, *, collection_id: int) -> list[tuple[int, int]]:
    """(paper id, stored position) of each item, in the owner's order."""
    query = (
        select(collection_items.c.paper_id, collection_items.c.position)
        .where(collection_items.c.collection_id == collection_id)
        .order_by(collection_items.c.position, collection_items.c.added_at, collection_items.c.paper_id)
    )
    return [(paper_id, position) for paper_id, position in connection.execute(query)]


def list_collection_ids_holding(connection: Connection, *, user_id: int, paper_id: int) -> set[int]:
    """Which of the member's collections hold the paper (the Save control ticks them)."""
    query = (
        select(collection_items.c.collection_id)
        .join(collections, collections.c.id == collection_items.c.collection_id)
        .where(collections.c.user_id == user_id, collection_items.c.paper_id == paper_id)
    )
    return set(connection.execute(query).scalars())


def list_saved_paper_ids(connection: Connection, *, user_id: int, paper_ids: Sequence[int]) -> set[int]:
    """Which of `paper_ids` any of the member's collections holds."""
    if not paper_ids:
        return set()
    query = (
        select(collection_items.c.paper_id)
        .join(collections, collections.c.id == collection_items.c.collection_id)
        .where(collections.c.user_id == user_id, collection_items.c.paper_id.in_(list(paper_ids)))
        .distinct()
    )
    return set(connection.execute(query).scalars())


def list_papers_in(connection: Connection, *, collection_id: int, paper_ids: Sequence[int]) -> set[int]:
    """Which of `paper_ids` the collection holds already."""
    if not paper_ids:
        return set()
    query = select(collection_items.c.paper_id).where(
        collection_items.c.collection_id == collection_id, collection_items.c.paper_id.in_(list(paper_ids))
    )
    return set(connection.execute(query).scalars())


def _query() -> Any:
    return select(*_COLUMNS).join(users, users.c.id == collections.c.user_id)


def _collection(row: Row[Any]) -> Collection:
    values = row._mapping
    return Collection(
        id=values["id"],
        user_id=values["user_id"],
        owner_username=values["owner_username"],
        slug=values["slug"],
        title=values["title"],
        description=values["description"],
        private=values["private"],
        item_count=values["item_count"],
        created_at=values["created_at"],
        updated_at=values["updated_at"],
    )
