"""Collections: creating with slugs, privacy as absence, notes and order, the Save control, exports."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import bibtexparser  # type: ignore[import-untyped]
import pytest
import rispy  # type: ignore[import-untyped]

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services import collections as collections_service
from dailypapers.services.collections import ExportFormat
from dailypapers.services.errors import Forbidden, InvalidInput, NotFound
from tests.factories import NOW


def test_slugs_come_from_titles_and_stay_unique_per_member(db: Database, make_user: Callable[..., User]) -> None:
    ada, grace = make_user(), make_user()
    first = collections_service.create_collection(db, user_id=ada.id, title="Vision–Language Models!", now=NOW)
    second = collections_service.create_collection(db, user_id=ada.id, title="vision language models", now=NOW)
    other = collections_service.create_collection(db, user_id=grace.id, title="Vision language models", now=NOW)
    accented = collections_service.create_collection(db, user_id=ada.id, title="Résumé ✨", now=NOW)
    assert (first.slug, second.slug, other.slug) == (
        "vision-language-models",
        "vision-language-models-2",
        "vision-language-models",
    )
    assert accented.slug == "resume"
    symbols = collections_service.create_collection(db, user_id=ada.id, title="✨✨", now=NOW)
    assert symbols.slug == "collection"


def test_a_rename_keeps_the_slug(db: Database, make_user: Callable[..., User]) -> None:
    ada = make_user()
    made = collections_service.create_collection(db, user_id=ada.id, title="To read", now=NOW)
    renamed = collections_service.update_collection(
        db, collection_id=made.id, user_id=ada.id, title="Read in June", private=True, now=NOW + timedelta(hours=1)
    )
    assert (renamed.slug, renamed.title, renamed.private) == ("to-read", "Read in June", True)
    assert renamed.updated_at == NOW + timedelta(hours=1) and renamed.description == ""


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "description": "d" * 2001}, "description"),
    ],
)
def test_bad_fields_are_refused_by_name(
    db: Database, make_user: Callable[..., User], fields: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        collections_service.create_collection(db, user_id=make_user().id, now=NOW, **fields)
    assert list(refused.value.errors) == [field]


def test_a_private_collection_is_absent_to_everyone_but_its_owner(
    db: Database, make_user: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada, grace = make_user(), make_user()
    secret = collections_service.create_collection(db, user_id=ada.id, title="Secret", private=True, now=NOW)
    public = collections_service.create_collection(db, user_id=ada.id, title="Open", now=NOW)
    assert collections_service.require_collection(db, collection_id=secret.id, viewer=ada).title == "Secret"
    for viewer in (grace, None):
        with pytest.raises(NotFound):
            collections_service.require_collection(db, collection_id=secret.id, viewer=viewer)
        with pytest.raises(NotFound):
            collections_service.get_contents_by_slug(db, username=ada.username, slug="secret", viewer=viewer)
        _, listed = collections_service.list_member_collections(db, username=ada.username, viewer=viewer)
        assert [collection.title for collection in listed] == ["Open"]
    # Writing to another member's collection: absent when private, forbidden when public.
    arxiv_id = make_paper()
    with pytest.raises(NotFound):
        collections_service.add_paper(db, collection_id=secret.id, user_id=grace.id, arxiv_id=arxiv_id, now=NOW)
    with pytest.raises(Forbidden):
        collections_service.add_paper(db, collection_id=public.id, user_id=grace.id, arxiv_id=arxiv_id, now=NOW)
    with pytest.raises(Forbidden):
        collections_service.delete_collection(db, collection_id=public.id, user_id=grace.id)


def test_papers_keep_the_owners_order_and_notes(
    db: Database, make_user: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada = make_user()
    made = collections_service.create_collection(db, user_id=ada.id, title="Order", now=NOW)
    first, second, third = make_paper(), make_paper(), make_paper()
    for arxiv_id in (first, second, third):
        collections_service.add_paper(db, collection_id=made.id, user_id=ada.id, arxiv_id=arxiv_id, now=NOW)
    item = collections_service.add_paper(
        db, collection_id=made.id, user_id=ada.id, arxiv_id=second, note="  the baseline  ", now=NOW
    )
    assert (item.position, item.note) == (2, "the baseline")  # adding again kept its place, took the note

    def order() -> list[str]:
        contents = collections_service.get_contents(db, collection_id=made.id, viewer=ada)
        return [entry.paper.arxiv_id for entry in contents.items]

    assert order() == [first, second, third]
    collections_service.move_paper(db, collection_id=made.id, user_id=ada.id, arxiv_id=third, step=-1, now=NOW)
    assert order() == [first, third, second]
    collections_service.move_paper(db, collection_id=made.id, user_id=ada.id, arxiv_id=first, step=-1, now=NOW)
    assert order() == [first, third, second]  # the first stays first
    moved = collections_service.update_item(
        db, collection_id=made.id, user_id=ada.id, arxiv_id=first, position=99, now=NOW
    )
    assert moved.position == 3 and order() == [third, second, first]
    collections_service.update_item(db, collection_id=made.id, user_id=ada.id, arxiv_id=first, position=1, now=NOW)
    assert order() == [first, third, second]
    collections_service.remove_paper(db, collection_id=made.id, user_id=ada.id, arxiv_id=third, now=NOW)
    collections_service.remove_paper(db, collection_id=made.id, user_id=ada.id, arxiv_id=third, now=NOW)
    assert order() == [first, second]
    contents = collections_service.get_contents(db, collection_id=made.id, viewer=ada)
    assert [entry.note for entry in contents.items] == ["", "the baseline"]
    assert contents.collection.item_count == 2


def test_an_unknown_paper_or_item_is_not_found(
    db: Database, make_user: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada = make_user()
    made = collections_service.create_collection(db, user_id=ada.id, title="X", now=NOW)
    with pytest.raises(NotFound, match="indexed"):
        collections_service.add_paper(db, collection_id=made.id, user_id=ada.id, arxiv_id="2401.99999", now=NOW)
    with pytest.raises(NotFound, match="not in this collection"):
        collections_service.update_item(
            db, collection_id=made.id, user_id=ada.id, arxiv_id=make_paper(), note="x", now=NOW
        )


def test_the_save_control_puts_the_paper_in_exactly_the_ticked_collections(
    db: Database, make_user: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada, grace = make_user(), make_user()
    reading = collections_service.create_collection(db, user_id=ada.id, title="Reading", now=NOW)
    later = collections_service.create_collection(db, user_id=ada.id, title="Later", now=NOW)
    theirs = collections_service.create_collection(db, user_id=grace.id, title="Grace's", now=NOW)
    arxiv_id = make_paper()
    choices = collections_service.save_paper(
        db, user_id=ada.id, arxiv_id=arxiv_id, collection_ids=[reading.id, theirs.id], new_title="New one", now=NOW
    )
    held = {choice.collection.title: choice.holds for choice in choices}
    assert held == {"Reading": True, "Later": False, "New one": True}
    assert collections_service.get_contents(db, collection_id=theirs.id, viewer=grace).items == []
    choices = collections_service.save_paper(db, user_id=ada.id, arxiv_id=arxiv_id, collection_ids=[later.id], now=NOW)
    assert {choice.collection.title: choice.holds for choice in choices} == {
        "Reading": False,
        "Later": True,
        "New one": False,
    }


def test_exports_read_back_in_each_format(
    db: Database, make_user: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada = make_user()
    made = collections_service.create_collection(db, user_id=ada.id, title="Export", now=NOW)
    ids = [make_paper(), make_paper()]
    for arxiv_id in ids:
        collections_service.add_paper(db, collection_id=made.id, user_id=ada.id, arxiv_id=arxiv_id, now=NOW)
    contents = collections_service.get_contents(db, collection_id=made.id, viewer=ada)
    papers = [item.paper for item in contents.items]

    def export(format: ExportFormat) -> str:
        return collections_service.export_collection(
            db, username=ada.username, slug=made.slug, viewer=ada, format=format
        )

    entries = bibtexparser.loads(export(ExportFormat.BIBTEX)).entries
    assert [entry["eprint"] for entry in entries] == ids
    assert [entry["archiveprefix"] for entry in entries] == ["arXiv", "arXiv"]
    references = rispy.loads(export(ExportFormat.RIS))
    assert [reference["title"] for reference in references] == [paper.title for paper in papers]
    assert references[0]["authors"] == list(papers[0].authors)
    assert references[0]["urls"] == [f"https://arxiv.org/abs/{ids[0]}"]
    items = json.loads(export(ExportFormat.CSL_JSON))
    assert [item["number"] for item in items] == ids and {item["type"] for item in items} == {"article"}
    first_author = papers[0].authors[0].split()
    assert items[0]["author"][0] == {"family": first_author[-1], "given": " ".join(first_author[:-1])}
    published = papers[0].published_at
    assert published is not None
    assert items[0]["issued"] == {"date-parts": [[published.year, published.month, published.day]]}
    assert len({item["id"] for item in items}) == 2
