"""Writing collections: create, change, delete; add, annotate, reorder and remove items. No commits here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from dailypapers.db.schema import collection_items, collections


def insert_collection(
    connection: Connection, *, user_id: int, slug: str, title: str, description: str, private: bool, now: datetime
) -> int:
    statement = insert(collections).values(
        user_id=user_id,
        slug=slug,
        title=title,
        description=description,
        private=private,
        created_at=now,
        updated_at=now,
    )
    collection_id: int = connection.execute(statement.returning(collections.c.id)).scalar_one()
    return collection_id


def update_collection(
    connection: Connection, *, collection_id: int, changes: Mapping[str, str | bool], now: datetime
) -> None:
    """Set the given columns (title, description, private) and mark the collection changed."""
    statement = update(collections).where(collections.c.id == collection_id).values(**changes, updated_at=now)
    connection.execute(statement)


def delete_collection(connection: Connection, *, collection_id: int) -> None:
    connection.execute(delete(collections).where(collections.c.id == collection_id))


def insert_items(
    connection: Connection, *, collection_id: int, paper_ids: Sequence[int], note: str, now: datetime
) -> None:
    """Append papers the collection does not hold yet, after its last, in the order given.

    Two transactions appending at once may give two papers the same position; the order breaks such ties by when
    each was added, and the next move numbers the items afresh.
    """
    if not paper_ids:
        return
    last = connection.execute(
        select(func.coalesce(func.max(collection_items.c.position), 0)).where(
            collection_items.c.collection_id == collection_id
        )
    ).scalar_one()
    rows = [
        {"collection_id": collection_id, "paper_id": paper_id, "position": last + offset, "note": note, "added_at": now}
        for offset, paper_id in enumerate(paper_ids, start=1)
    ]
    connection.execute(insert(collection_items), rows)


def update_note(connection: Connection, *, collection_id: int, paper_id: int, note: str) -> bool:
    statement = (
        update(collection_items)
        .where(collection_items.c.collection_id == collection_id, collection_items.c.paper_id == paper_id)
        .values(note=note)
    )
    return connection.execute(statement).rowcount == 1


def delete_item(connection: Connection, *, collection_id: int, paper_id: int) -> bool:
    statement = delete(collection_items).where(
        collection_items.c.collection_id == collection_id, collection_items.c.paper_id == paper_id
    )
    return connection.execute(statement).rowcount == 1


def set_positions(connection: Connection, *, collection_id: int, positions: Mapping[int, int]) -> None:
    """Give each paper (by id) its new position; the caller passes only those that move."""
    for paper_id, position in positions.items():
        connection.execute(
            update(collection_items)
            .where(collection_items.c.collection_id == collection_id, collection_items.c.paper_id == paper_id)
            .values(position=position)
        )


def touch_collection(connection: Connection, *, collection_id: int, now: datetime) -> None:
    connection.execute(update(collections).where(collections.c.id == collection_id).values(updated_at=now))
