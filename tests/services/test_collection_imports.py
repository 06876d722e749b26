"""Importing a BibTeX library into a collection: matched by arXiv id, DOI or title, looked up on arXiv, reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services import collections as collections_service
from dailypapers.services.collection_imports import MatchedBy, import_bibtex
from dailypapers.services.errors import InvalidInput, NotFound
from dailypapers.store import paper_matches
from dailypapers.store.paper_writes import upsert_papers
from tests.factories import NOW, real_records
from tests.fakes.arxiv_fixtures import MakeArxivClient
from tests.fakes.arxiv_server import FakeArxiv

BIBTEX = Path(__file__).resolve().parent.parent / "fixtures" / "bibtex"
# Papers of the fixture file that the BibTeX fixtures name; 2503.20991 (Mendeley's second) is left unindexed.
INDEXED = ("2503.16707", "2503.17267", "2503.17788", "2503.19213", "2503.20612")


def store_real(db: Database, *arxiv_ids: str, **overrides: object) -> None:
    records = [replace(record, **overrides) for record in real_records() if record.arxiv_id in arxiv_ids]
    assert len(records) == len(arxiv_ids)
    with db.transaction() as connection:
        upsert_papers(connection, records, now=NOW)


def library() -> bytes:
    return b"\n".join((BIBTEX / f"{name}.bib").read_bytes() for name in ("zotero", "mendeley", "google_scholar"))


def arxiv_ids_in(db: Database, collection_id: int, owner: User) -> list[str]:
    contents = collections_service.get_contents(db, collection_id=collection_id, viewer=owner)
    return [item.paper.arxiv_id for item in contents.items]


def test_a_library_from_three_managers_matches_by_id_and_title(db: Database, make_user: Callable[..., User]) -> None:
    store_real(db, *INDEXED)
    ada = make_user()
    made = collections_service.create_collection(db, user_id=ada.id, title="Library", now=NOW)
    report = import_bibtex(db, collection_id=made.id, user_id=ada.id, data=library(), fetcher=None, now=NOW)
    assert [(entry.arxiv_id, entry.matched_by, entry.added) for entry in report.matched] == [
        ("2503.16707", MatchedBy.ARXIV_ID, True),
        ("2503.17267", MatchedBy.ARXIV_ID, True),
        ("2503.17788", MatchedBy.ARXIV_ID, True),
        ("2503.19213", MatchedBy.ARXIV_ID, True),
        ("2503.20612", MatchedBy.TITLE, True),  # Google Scholar's lower-case title, nothing else
    ]
    assert [(entry.key, entry.reason) for entry in report.unmatched] == [
        ("Nguyen2025", "arXiv 2503.20991 is not indexed here"),
        ("goodfellow2016deep", "no paper indexed here has this DOI or title"),
    ]
    assert report.malformed == [] and report.added_count == 5
    assert arxiv_ids_in(db, made.id, ada) == list(INDEXED)  # in the file's order

    again = import_bibtex(db, collection_id=made.id, user_id=ada.id, data=library(), fetcher=None, now=NOW)
    assert again.added_count == 0 and len(again.matched) == 5
    assert arxiv_ids_in(db, made.id, ada) == list(INDEXED)


def test_unknown_arxiv_ids_are_looked_up_when_lookups_are_on(
    db: Database, make_user: Callable[..., User], fake_arxiv: FakeArxiv, make_arxiv_client: MakeArxivClient
) -> None:
    store_real(db, *INDEXED)
    ada = make_user()
    made = collections_service.create_collection(db, user_id=ada.id, title="Library", now=NOW)
    data = (BIBTEX / "mendeley.bib").read_bytes()
    report = import_bibtex(db, collection_id=made.id, user_id=ada.id, data=data, fetcher=make_arxiv_client(), now=NOW)
    assert [(entry.arxiv_id, entry.matched_by) for entry in report.matched] == [
        ("2503.17788", MatchedBy.ARXIV_ID),
        ("2503.20991", MatchedBy.LOOKUP),
    ]
    assert report.unmatched == [] and len(fake_arxiv.requests) == 1
    assert arxiv_ids_in(db, made.id, ada) == ["2503.17788", "2503.20991"]


def test_a_malformed_entry_is_reported_and_the_rest_imported(db: Database, make_user: Callable[..., User]) -> None:
    store_real(db, *INDEXED)
    ada = make_user()
    made = collections_service.create_collection(db, user_id=ada.id, title="Library", now=NOW)
    broken = (BIBTEX / "google_scholar.bib").read_bytes().replace(b"@misc{fu2025iap,", b"@misc{fu2025iap")
    report = import_bibtex(db, collection_id=made.id, user_id=ada.id, data=broken, fetcher=None, now=NOW)
    assert [entry.arxiv_id for entry in report.matched] == ["2503.19213"]
    assert [problem.line for problem in report.malformed] == [8]
    assert arxiv_ids_in(db, made.id, ada) == ["2503.19213"]


def test_a_file_too_large_adds_nothing(db: Database, make_user: Callable[..., User]) -> None:
    store_real(db, *INDEXED)
    ada = make_user()
    made = collections_service.create_collection(db, user_id=ada.id, title="Library", now=NOW)
    huge = library() * (5 * 1024 * 1024 // len(library()) + 1)
    with pytest.raises(InvalidInput) as refused:
        import_bibtex(db, collection_id=made.id, user_id=ada.id, data=huge, fetcher=None, now=NOW)
    assert "over 2 MB" in refused.value.errors["file"]
    assert arxiv_ids_in(db, made.id, ada) == []


def test_only_the_owner_imports(db: Database, make_user: Callable[..., User]) -> None:
    ada, grace = make_user(), make_user()
    secret = collections_service.create_collection(db, user_id=ada.id, title="Secret", private=True, now=NOW)
    with pytest.raises(NotFound):
        import_bibtex(db, collection_id=secret.id, user_id=grace.id, data=library(), fetcher=None, now=NOW)


def test_dois_match_the_papers_that_record_one(db: Database) -> None:
    store_real(db, "2503.16707", doi="10.48550/arXiv.2503.16707")
    with db.reading() as connection:
        found = paper_matches.match_dois(connection, dois=["10.48550/arxiv.2503.16707", "10.1000/none"])
        by_id = paper_matches.match_arxiv_ids(connection, arxiv_ids=["2503.16707"])
    assert found == {"10.48550/arxiv.2503.16707": by_id["2503.16707"]}
