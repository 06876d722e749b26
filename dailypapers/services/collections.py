"""Collections: a member's named reading lists, public or private, with a note per paper and the owner's order.

A private collection is private by answering as if it did not exist: anyone but its owner gets NotFound, the same
as for a collection that never was, so its title and even its existence stay the owner's. Another member's public
collection can be read but not changed (Forbidden).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.citations import render_bibtex_file, render_csl_json, render_ris
from dailypapers.domain.collections import (
    MAX_ITEMS,
    Collection,
    CollectionItem,
    check_description,
    check_note,
    check_title,
    slug_base,
    unique_slug,
)
from dailypapers.domain.users import InvalidField, User
from dailypapers.services.errors import Forbidden, InvalidInput, NotFound, Refusal, Refused
from dailypapers.services.paper_lookup import LookupUnavailable, PaperFetcher, find_or_fetch_paper
from dailypapers.store import collection_writes
from dailypapers.store import collections as collections_store
from dailypapers.store.papers import get_paper_id
from dailypapers.store.users import get_user_by_username


class ExportFormat(StrEnum):
    BIBTEX = "bib"
    RIS = "ris"
    CSL_JSON = "json"


_RENDERERS = {
    ExportFormat.BIBTEX: render_bibtex_file,
    ExportFormat.RIS: render_ris,
    ExportFormat.CSL_JSON: render_csl_json,
}


@dataclass(frozen=True, slots=True)
class CollectionContents:
    collection: Collection
    items: list[CollectionItem]


@dataclass(frozen=True, slots=True)
class SaveChoice:
    """One of the member's collections in the Save control, ticked when it holds the paper."""

    collection: Collection
    holds: bool


def create_collection(
    db: Database, *, user_id: int, title: str, description: str = "", private: bool = False, now: datetime
) -> Collection:
    title, description = _checked(check_title, title), _checked(check_description, description)
    base = slug_base(title)
    with db.transaction() as connection:
        slug = unique_slug(base, collections_store.list_slugs(connection, user_id=user_id, prefix=base))
        collection_id = collection_writes.insert_collection(
            connection, user_id=user_id, slug=slug, title=title, description=description, private=private, now=now
        )
        return _require_visible(connection, collection_id, user_id)


def list_member_collections(db: Database, *, username: str, viewer: User | None) -> tuple[User, list[Collection]]:
    """The member's collections as `viewer` may see them: all to themselves, the public ones to anyone else."""
    with db.reading() as connection:
        owner = get_user_by_username(connection, username=username)
        if owner is None:
            raise NotFound(f"no member {username}")
        own = viewer is not None and viewer.id == owner.id
        return owner, collections_store.list_user_collections(connection, user_id=owner.id, public_only=not own)


def list_own_collections(db: Database, *, user_id: int) -> list[Collection]:
    with db.reading() as connection:
        return collections_store.list_user_collections(connection, user_id=user_id, public_only=False)


def require_collection(db: Database, *, collection_id: int, viewer: User | None) -> Collection:
    with db.reading() as connection:
        return _require_visible(connection, collection_id, _viewer_id(viewer))


def get_contents(db: Database, *, collection_id: int, viewer: User | None) -> CollectionContents:
    with db.reading() as connection:
        collection = _require_visible(connection, collection_id, _viewer_id(viewer))
        return CollectionContents(collection, collections_store.list_items(connection, collection_id=collection_id))


def get_contents_by_slug(db: Database, *, username: str, slug: str, viewer: User | None) -> CollectionContents:
    with db.reading() as connection:
        found = collections_store.get_collection_by_slug(connection, username=username, slug=slug)
        if found is None or not _may_see(found, _viewer_id(viewer)):
            raise NotFound(f"no collection {username}/{slug}")
        return CollectionContents(found, collections_store.list_items(connection, collection_id=found.id))


def update_collection(
    db: Database,
    *,
    collection_id: int,
    user_id: int,
    title: str | None = None,
    description: str | None = None,
    private: bool | None = None,
    now: datetime,
) -> Collection:
    """Change what is given; the slug stays, so links to the collection keep working after a rename."""
    changes: dict[str, str | bool] = {}
    if title is not None:
        changes["title"] = _checked(check_title, title)
    if description is not None:
        changes["description"] = _checked(check_description, description)
    if private is not None:
        changes["private"] = private
    with db.transaction() as connection:
        require_own(connection, collection_id, user_id)
        collection_writes.update_collection(connection, collection_id=collection_id, changes=changes, now=now)
        return _require_visible(connection, collection_id, user_id)


def delete_collection(db: Database, *, collection_id: int, user_id: int) -> Collection:
    with db.transaction() as connection:
        collection = require_own(connection, collection_id, user_id)
        collection_writes.delete_collection(connection, collection_id=collection_id)
        return collection


def add_paper(
    db: Database,
    *,
    collection_id: int,
    user_id: int,
    arxiv_id: str,
    note: str | None = None,
    fetcher: PaperFetcher | None = None,
    now: datetime,
) -> CollectionItem:
    """Put a paper in the collection (looked up on arXiv first when `fetcher` is given and it is not indexed).

    Adding a paper the collection holds already keeps its place; a note given replaces its note.
    """
    checked_note = _checked(check_note, note) if note is not None else None
    try:
        paper = find_or_fetch_paper(db, arxiv_id=arxiv_id, fetcher=fetcher, now=now)
    except LookupUnavailable as error:
        raise Refused(Refusal.ARXIV_UNAVAILABLE, str(error), retry_after=_seconds(error.retry_after)) from error
    if paper is None:
        raise NotFound(f"no paper {arxiv_id} is indexed here")
    with db.transaction() as connection:
        require_own(connection, collection_id, user_id)
        held = collections_store.list_papers_in(connection, collection_id=collection_id, paper_ids=[paper.id])
        if held:
            if checked_note is not None:
                collection_writes.update_note(
                    connection, collection_id=collection_id, paper_id=paper.id, note=checked_note
                )
        else:
            _check_room(connection, collection_id, adding=1)
            collection_writes.insert_items(
                connection, collection_id=collection_id, paper_ids=[paper.id], note=checked_note or "", now=now
            )
        collection_writes.touch_collection(connection, collection_id=collection_id, now=now)
        return _require_item(connection, collection_id, paper.id, arxiv_id)


def update_item(
    db: Database,
    *,
    collection_id: int,
    user_id: int,
    arxiv_id: str,
    note: str | None = None,
    position: int | None = None,
    now: datetime,
) -> CollectionItem:
    """Change a paper's note, or move it to `position` (1 is first; past the end is last)."""
    checked_note = _checked(check_note, note) if note is not None else None
    if position is not None and position < 1:
        raise InvalidInput({"position": "Positions start at 1."})
    with db.transaction() as connection:
        require_own(connection, collection_id, user_id)
        paper_id = _require_held(connection, collection_id, arxiv_id)
        if checked_note is not None:
            collection_writes.update_note(connection, collection_id=collection_id, paper_id=paper_id, note=checked_note)
        if position is not None:
            _move(connection, collection_id, paper_id, lambda order: position - 1)
        collection_writes.touch_collection(connection, collection_id=collection_id, now=now)
        return _require_item(connection, collection_id, paper_id, arxiv_id)


def move_paper(
    db: Database, *, collection_id: int, user_id: int, arxiv_id: str, step: int, now: datetime
) -> Collection:
    """Move a paper `step` places (-1: up, 1: down); at either end it stays."""
    with db.transaction() as connection:
        require_own(connection, collection_id, user_id)
        paper_id = _require_held(connection, collection_id, arxiv_id)
        _move(connection, collection_id, paper_id, lambda order: max(order.index(paper_id) + step, 0))
        collection_writes.touch_collection(connection, collection_id=collection_id, now=now)
        return _require_visible(connection, collection_id, user_id)


def remove_paper(db: Database, *, collection_id: int, user_id: int, arxiv_id: str, now: datetime) -> None:
    """Take a paper out; taking it out again changes nothing."""
    with db.transaction() as connection:
        require_own(connection, collection_id, user_id)
        paper_id = get_paper_id(connection, arxiv_id=arxiv_id)
        if paper_id is not None and collection_writes.delete_item(
            connection, collection_id=collection_id, paper_id=paper_id
        ):
            collection_writes.touch_collection(connection, collection_id=collection_id, now=now)


def list_save_choices(db: Database, *, user_id: int, arxiv_id: str) -> list[SaveChoice]:
    """The member's collections, each ticked when it holds the paper: what the Save control shows."""
    with db.reading() as connection:
        paper_id = _require_paper_id(connection, arxiv_id)
        holding = collections_store.list_collection_ids_holding(connection, user_id=user_id, paper_id=paper_id)
        owned = collections_store.list_user_collections(connection, user_id=user_id, public_only=False)
    return [SaveChoice(collection, collection.id in holding) for collection in owned]


def get_saved_paper_ids(db: Database, *, user_id: int | None, paper_ids: Sequence[int]) -> set[int]:
    """Which of a page's papers the member keeps in any of their collections, in one query; nothing for a visitor."""
    if user_id is None or not paper_ids:
        return set()
    with db.reading() as connection:
        return collections_store.list_saved_paper_ids(connection, user_id=user_id, paper_ids=paper_ids)


def save_paper(
    db: Database, *, user_id: int, arxiv_id: str, collection_ids: Iterable[int], new_title: str = "", now: datetime
) -> list[SaveChoice]:
    """The Save form: the paper ends up in exactly the ticked collections of the member's (and in a new one, when
    `new_title` names one). Ids of collections that are not the member's are ignored."""
    title = _checked(check_title, new_title) if new_title.strip() else None
    with db.transaction() as connection:
        paper_id = _require_paper_id(connection, arxiv_id)
        owned = {c.id for c in collections_store.list_user_collections(connection, user_id=user_id, public_only=False)}
        if title is not None:
            base = slug_base(title)
            slug = unique_slug(base, collections_store.list_slugs(connection, user_id=user_id, prefix=base))
            created = collection_writes.insert_collection(
                connection, user_id=user_id, slug=slug, title=title, description="", private=False, now=now
            )
            owned.add(created)
            collection_ids = {*collection_ids, created}
        wanted = owned & set(collection_ids)
        holding = collections_store.list_collection_ids_holding(connection, user_id=user_id, paper_id=paper_id)
        for collection_id in sorted(wanted - holding):
            _check_room(connection, collection_id, adding=1)
            collection_writes.insert_items(
                connection, collection_id=collection_id, paper_ids=[paper_id], note="", now=now
            )
            collection_writes.touch_collection(connection, collection_id=collection_id, now=now)
        for collection_id in sorted(holding - wanted):
            collection_writes.delete_item(connection, collection_id=collection_id, paper_id=paper_id)
            collection_writes.touch_collection(connection, collection_id=collection_id, now=now)
    return list_save_choices(db, user_id=user_id, arxiv_id=arxiv_id)


def export_collection(db: Database, *, username: str, slug: str, viewer: User | None, format: ExportFormat) -> str:
    """The collection's papers, in its order, as a BibTeX, RIS or CSL-JSON file."""
    contents = get_contents_by_slug(db, username=username, slug=slug, viewer=viewer)
    return _RENDERERS[format]([item.paper for item in contents.items])


def _move(connection: Connection, collection_id: int, paper_id: int, target: Callable[[list[int]], int]) -> None:
    stored = collections_store.list_item_positions(connection, collection_id=collection_id)
    order = [other for other, _ in stored]
    index = min(target(order), len(order) - 1)
    reordered = [other for other in order if other != paper_id]
    reordered.insert(index, paper_id)
    # Numbered 1..n afresh: ties or gaps that concurrent adds may leave heal on the first move.
    before = dict(stored)
    moved = {other: position for position, other in enumerate(reordered, start=1) if before[other] != position}
    collection_writes.set_positions(connection, collection_id=collection_id, positions=moved)


def _check_room(connection: Connection, collection_id: int, *, adding: int) -> None:
    collection = collections_store.get_collection(connection, collection_id=collection_id)
    if collection is not None and collection.item_count + adding > MAX_ITEMS:
        raise InvalidInput({"arxiv_id": f"A collection holds at most {MAX_ITEMS} papers; start another one."})


def _checked(check: Callable[[str], str], text: str) -> str:
    try:
        return check(text)
    except InvalidField as error:
        raise InvalidInput({error.field: error.message}) from None


def _seconds(retry_after: float | None) -> int | None:
    return None if retry_after is None else max(int(retry_after + 0.999), 1)


def _viewer_id(viewer: User | None) -> int | None:
    return viewer.id if viewer is not None else None


def _may_see(collection: Collection, viewer_id: int | None) -> bool:
    return not collection.private or collection.user_id == viewer_id


def _require_visible(connection: Connection, collection_id: int, viewer_id: int | None) -> Collection:
    collection = collections_store.get_collection(connection, collection_id=collection_id)
    if collection is None or not _may_see(collection, viewer_id):
        raise NotFound(f"no collection {collection_id}")
    return collection


def require_own(connection: Connection, collection_id: int, user_id: int) -> Collection:
    """The member's own collection; NotFound for another's private one, Forbidden for another's public one."""
    collection = _require_visible(connection, collection_id, user_id)
    if collection.user_id != user_id:
        raise Forbidden("this is another member's collection")
    return collection


def _require_paper_id(connection: Connection, arxiv_id: str) -> int:
    paper_id = get_paper_id(connection, arxiv_id=arxiv_id)
    if paper_id is None:
        raise NotFound(f"no paper {arxiv_id} is indexed here")
    return paper_id


def _require_held(connection: Connection, collection_id: int, arxiv_id: str) -> int:
    paper_id = get_paper_id(connection, arxiv_id=arxiv_id)
    if paper_id is None or not collections_store.list_papers_in(
        connection, collection_id=collection_id, paper_ids=[paper_id]
    ):
        raise NotFound(f"paper {arxiv_id} is not in this collection")
    return paper_id


def _require_item(connection: Connection, collection_id: int, paper_id: int, arxiv_id: str) -> CollectionItem:
    item = collections_store.get_item(connection, collection_id=collection_id, paper_id=paper_id)
    if item is None:
        raise NotFound(f"paper {arxiv_id} is not in this collection")
    return item
