"""Collections through the API: a member's reading lists, their papers with notes and order, and BibTeX import.

Another member's private collection answers 404, like one that does not exist; their public ones can be read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile
from pydantic import BaseModel, Field

from dailypapers.domain import urls
from dailypapers.domain.collections import Collection, CollectionItem
from dailypapers.services import collections as collections_service
from dailypapers.services.collection_imports import ImportReport, import_bibtex
from dailypapers.sources.bibtex_files import MAX_BIBTEX_BYTES
from dailypapers.web.auth import CurrentUser, RequireConfirmedUser, RequireUser, SignInRequired
from dailypapers.web.deps import ArxivDep, DatabaseDep, NowDep
from dailypapers.web.ids import RowId, require_bare_id
from dailypapers.web.problems import problem_responses
from dailypapers.web.rate_limits import member_rate_limited

router = APIRouter(prefix="/api/v1", tags=["Collections"])
_NO_COLLECTION = {404: "No such collection, or it is another member's private one."}
_NOT_YOURS = {403: "Another member's collection, or your email address is not confirmed yet."}


class CollectionOut(BaseModel):
    id: int
    slug: str
    owner: str  # the owner's username
    title: str
    description: str
    private: bool
    item_count: int
    url: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, collection: Collection) -> CollectionOut:
        return cls(
            id=collection.id,
            slug=collection.slug,
            owner=collection.owner_username,
            title=collection.title,
            description=collection.description,
            private=collection.private,
            item_count=collection.item_count,
            url=urls.collection_path(collection.owner_username, collection.slug),
            created_at=collection.created_at,
            updated_at=collection.updated_at,
        )


class ItemOut(BaseModel):
    arxiv_id: str
    title: str
    authors: list[str]
    position: int
    note: str
    added_at: datetime
    url: str

    @classmethod
    def of(cls, item: CollectionItem) -> ItemOut:
        paper = item.paper
        return cls(
            arxiv_id=paper.arxiv_id,
            title=paper.title,
            authors=list(paper.authors),
            position=item.position,
            note=item.note,
            added_at=item.added_at,
            url=urls.paper_path(paper.arxiv_id),
        )


class CollectionDetailOut(CollectionOut):
    items: list[ItemOut]


class CollectionIn(BaseModel):
    title: str = Field(description="At most 200 characters; the slug in the page's address is made from it once.")
    description: str = Field("", description="At most 2,000 characters")
    private: bool = Field(False, description="Private collections are seen by their owner only")


class CollectionPatch(BaseModel):
    title: str | None = None
    description: str | None = None
    private: bool | None = None


class ItemIn(BaseModel):
    arxiv_id: str = Field(
        description="An arXiv id or link: `2406.01234`, `arXiv:2406.01234v2`, an abs URL", max_length=2000
    )
    note: str | None = Field(None, description="The owner's note on the paper (at most 2,000 characters)")


class ItemPatch(BaseModel):
    note: str | None = None
    position: int | None = Field(None, ge=1, le=1_000_000, description="1 is first; past the end is last")


class MatchedOut(BaseModel):
    line: int
    key: str
    arxiv_id: str
    title: str
    matched_by: str = Field(description="`arxiv_id`, `doi`, `title`, or `arxiv_lookup` (found on arXiv just now)")
    added: bool = Field(description="False when the collection held the paper already")


class UnmatchedOut(BaseModel):
    line: int
    key: str
    title: str | None
    reason: str


class MalformedOut(BaseModel):
    line: int
    key: str | None
    message: str


class ImportOut(BaseModel):
    added_count: int
    matched: list[MatchedOut]
    unmatched: list[UnmatchedOut]
    malformed: list[MalformedOut]

    @classmethod
    def of(cls, report: ImportReport) -> ImportOut:
        return cls(
            added_count=report.added_count,
            matched=[
                MatchedOut(
                    line=entry.line,
                    key=entry.key,
                    arxiv_id=entry.arxiv_id,
                    title=entry.title,
                    matched_by=entry.matched_by.value,
                    added=entry.added,
                )
                for entry in report.matched
            ],
            unmatched=[UnmatchedOut(line=e.line, key=e.key, title=e.title, reason=e.reason) for e in report.unmatched],
            malformed=[MalformedOut(line=p.line, key=p.key, message=p.message) for p in report.malformed],
        )


@router.get(
    "/collections",
    summary="Your collections, or the public ones of the member named by `username`",
    responses=problem_responses(401, 404, texts={404: "No member by that username."}),
)
def list_collections(
    db: DatabaseDep,
    viewer: CurrentUser,
    username: Annotated[str | None, Query(max_length=64)] = None,
) -> list[CollectionOut]:
    if username is None:
        if viewer is None:
            raise SignInRequired("sign in, or name a member with `?username=`")
        return [CollectionOut.of(c) for c in collections_service.list_own_collections(db, user_id=viewer.id)]
    _, collections = collections_service.list_member_collections(db, username=username, viewer=viewer)
    return [CollectionOut.of(collection) for collection in collections]


@router.post(
    "/collections",
    status_code=201,
    summary="Create a collection",
    responses=problem_responses(401, 403, 422, texts=_NOT_YOURS),
)
def create_collection(
    db: DatabaseDep, user: RequireConfirmedUser, now: NowDep, response: Response, body: CollectionIn
) -> CollectionOut:
    made = collections_service.create_collection(
        db, user_id=user.id, title=body.title, description=body.description, private=body.private, now=now
    )
    response.headers["Location"] = urls.api_collection_path(made.id)
    return CollectionOut.of(made)


@router.get(
    "/collections/{collection_id}",
    summary="A collection with its papers, in the owner's order",
    responses=problem_responses(404, texts=_NO_COLLECTION),
)
def get_collection(db: DatabaseDep, viewer: CurrentUser, collection_id: RowId) -> CollectionDetailOut:
    contents = collections_service.get_contents(db, collection_id=collection_id, viewer=viewer)
    summary = CollectionOut.of(contents.collection)
    return CollectionDetailOut(**summary.model_dump(), items=[ItemOut.of(item) for item in contents.items])


@router.patch(
    "/collections/{collection_id}",
    summary="Change your collection's title, description or privacy (its slug stays)",
    responses=problem_responses(401, 403, 404, 422, texts={**_NOT_YOURS, **_NO_COLLECTION}),
)
def patch_collection(
    db: DatabaseDep, user: RequireConfirmedUser, now: NowDep, collection_id: RowId, body: CollectionPatch
) -> CollectionOut:
    changed = collections_service.update_collection(
        db,
        collection_id=collection_id,
        user_id=user.id,
        title=body.title,
        description=body.description,
        private=body.private,
        now=now,
    )
    return CollectionOut.of(changed)


@router.delete(
    "/collections/{collection_id}",
    status_code=204,
    summary="Delete your collection (the papers stay indexed)",
    responses=problem_responses(401, 403, 404, texts={403: "Another member's collection.", **_NO_COLLECTION}),
)
def delete_collection(db: DatabaseDep, user: RequireUser, collection_id: RowId) -> Response:
    collections_service.delete_collection(db, collection_id=collection_id, user_id=user.id)
    return Response(status_code=204)


@router.post(
    "/collections/{collection_id}/items",
    status_code=201,
    summary="Add a paper to your collection (at the end), or change the note of one it holds",
    responses=problem_responses(
        401, 403, 404, 422, 503, texts={**_NOT_YOURS, 404: "No such collection, or no such paper here or on arXiv."}
    ),
)
def add_item(
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    arxiv: ArxivDep,
    response: Response,
    collection_id: RowId,
    body: ItemIn,
) -> ItemOut:
    bare = require_bare_id(body.arxiv_id)
    item = collections_service.add_paper(
        db, collection_id=collection_id, user_id=user.id, arxiv_id=bare, note=body.note, fetcher=arxiv, now=now
    )
    response.headers["Location"] = urls.api_collection_item_path(collection_id, bare)
    return ItemOut.of(item)


@router.patch(
    "/collections/{collection_id}/items/{arxiv_id:path}",
    summary="Change a paper's note or move it to a position",
    responses=problem_responses(401, 403, 404, 422, texts={**_NOT_YOURS, **_NO_COLLECTION}),
)
def patch_item(
    db: DatabaseDep, user: RequireConfirmedUser, now: NowDep, collection_id: RowId, arxiv_id: str, body: ItemPatch
) -> ItemOut:
    item = collections_service.update_item(
        db,
        collection_id=collection_id,
        user_id=user.id,
        arxiv_id=require_bare_id(arxiv_id),
        note=body.note,
        position=body.position,
        now=now,
    )
    return ItemOut.of(item)


@router.delete(
    "/collections/{collection_id}/items/{arxiv_id:path}",
    status_code=204,
    summary="Take a paper out of your collection (again: no change)",
    responses=problem_responses(401, 403, 404, texts={403: "Another member's collection.", **_NO_COLLECTION}),
)
def delete_item(db: DatabaseDep, user: RequireUser, now: NowDep, collection_id: RowId, arxiv_id: str) -> Response:
    bare = require_bare_id(arxiv_id)
    collections_service.remove_paper(db, collection_id=collection_id, user_id=user.id, arxiv_id=bare, now=now)
    return Response(status_code=204)


@router.post(
    "/collections/{collection_id}/import",
    summary="Import a BibTeX file (Zotero, Mendeley, Google Scholar…) into your collection, with a report",
    dependencies=member_rate_limited("collection_import"),
    responses=problem_responses(401, 403, 404, 422, 429, texts={**_NOT_YOURS, **_NO_COLLECTION}),
)
def import_file(
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    arxiv: ArxivDep,
    collection_id: RowId,
    file: Annotated[UploadFile, File(description=f"A .bib file, UTF-8, at most {MAX_BIBTEX_BYTES // 1_048_576} MB")],
) -> ImportOut:
    data = file.file.read(MAX_BIBTEX_BYTES + 1)
    report = import_bibtex(db, collection_id=collection_id, user_id=user.id, data=data, fetcher=arxiv, now=now)
    return ImportOut.of(report)
