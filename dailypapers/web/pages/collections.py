"""Collection pages: a member's collections (`/collections/<username>`), one collection with its papers, notes and
the owner's controls (`/collections/<username>/<slug>`), its exports, BibTeX import, and the Save control of every
paper (`/papers/<id>/save`), which works as a plain form; static/collections.js opens it in a popover.

Refused input shows the page again with the text kept and the reason beside the form.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.domain.citations import BIBTEX_MEDIA_TYPE, CSL_JSON_MEDIA_TYPE, RIS_MEDIA_TYPE
from dailypapers.domain.users import User
from dailypapers.services import collections as collections_service
from dailypapers.services import papers as papers_service
from dailypapers.services import votes as votes_service
from dailypapers.services.collection_imports import ImportReport, import_bibtex
from dailypapers.services.collections import ExportFormat
from dailypapers.services.errors import InvalidInput, RateLimitExceeded
from dailypapers.sources.bibtex_files import MAX_BIBTEX_BYTES
from dailypapers.web.auth import CurrentUser, RequireConfirmedUser, RequireUser
from dailypapers.web.deps import ArxivDep, DatabaseDep, NowDep
from dailypapers.web.feeds import FeedLinks
from dailypapers.web.ids import RowId, require_bare_id
from dailypapers.web.pages.collection_views import build_collection_link, build_collection_page, build_save_page
from dailypapers.web.pages.forms import FormView, safe_next
from dailypapers.web.rate_limits import enforce_rate_limit
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
_MEDIA_TYPES = {
    ExportFormat.BIBTEX: BIBTEX_MEDIA_TYPE,
    ExportFormat.RIS: RIS_MEDIA_TYPE,
    ExportFormat.CSL_JSON: CSL_JSON_MEDIA_TYPE,
}


@router.get("/collections/{username}", response_class=Response)
def member_collections_page(request: Request, db: DatabaseDep, viewer: CurrentUser, username: str) -> Response:
    return _member_page(request, db, viewer, username)


@router.post("/collections", response_class=Response)
def create_collection(
    request: Request,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    title: FormText = "",
    description: FormText = "",
    private: Annotated[bool, Form()] = False,
) -> Response:
    try:
        made = collections_service.create_collection(
            db, user_id=user.id, title=title, description=description, private=private, now=now
        )
    except InvalidInput as error:
        form = FormView(values={"title": title, "description": description}, errors=error.errors)
        return _member_page(request, db, user, user.username, form=form, status_code=422)
    return RedirectResponse(urls.collection_path(made.owner_username, made.slug), status_code=303)


@router.get("/collections/{username}/{slug}", response_class=Response)
def collection_page(request: Request, db: DatabaseDep, viewer: CurrentUser, username: str, slug: str) -> Response:
    contents = collections_service.get_contents_by_slug(db, username=username, slug=slug, viewer=viewer)
    return _collection_page(request, db, viewer, contents.collection.id)


@router.get("/collections/{username}/{slug}/export.{extension}", response_class=Response)
def export_collection(
    db: DatabaseDep, viewer: CurrentUser, username: str, slug: str, extension: ExportFormat
) -> Response:
    text = collections_service.export_collection(db, username=username, slug=slug, viewer=viewer, format=extension)
    disposition = f'attachment; filename="{username}-{slug}.{extension.value}"'
    return Response(text, media_type=_MEDIA_TYPES[extension], headers={"Content-Disposition": disposition})


@router.post("/collections/id/{collection_id}/edit", response_class=Response)
def edit_collection(
    request: Request,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    collection_id: RowId,
    title: FormText = "",
    description: FormText = "",
    private: Annotated[bool, Form()] = False,
) -> Response:
    try:
        changed = collections_service.update_collection(
            db,
            collection_id=collection_id,
            user_id=user.id,
            title=title,
            description=description,
            private=private,
            now=now,
        )
    except InvalidInput as error:
        form = FormView(values={"title": title, "description": description}, errors=error.errors)
        return _collection_page(request, db, user, collection_id, edit=form, status_code=422)
    return RedirectResponse(urls.collection_path(changed.owner_username, changed.slug), status_code=303)


@router.post("/collections/id/{collection_id}/delete", response_class=Response)
def delete_collection(db: DatabaseDep, user: RequireUser, collection_id: RowId) -> Response:
    collections_service.delete_collection(db, collection_id=collection_id, user_id=user.id)
    return RedirectResponse(urls.member_collections_path(user.username), status_code=303)


@router.post("/collections/id/{collection_id}/import", response_class=Response)
def import_into_collection(
    request: Request,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    arxiv: ArxivDep,
    collection_id: RowId,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    data = file.file.read(MAX_BIBTEX_BYTES + 1) if file is not None else b""
    try:
        if not data.strip():
            raise InvalidInput({"file": "Choose a .bib file to import."})
        enforce_rate_limit(request, action="collection_import", user=user)
        report = import_bibtex(db, collection_id=collection_id, user_id=user.id, data=data, fetcher=arxiv, now=now)
    except RateLimitExceeded as error:
        form = FormView(errors={"file": str(error)})
        headers = {"Retry-After": str(error.retry_after)}
        return _collection_page(request, db, user, collection_id, import_form=form, status_code=429, headers=headers)
    except InvalidInput as error:
        return _collection_page(
            request, db, user, collection_id, import_form=FormView(errors=error.errors), status_code=422
        )
    return _collection_page(request, db, user, collection_id, report=report)


@router.post("/collections/id/{collection_id}/items/{arxiv_id:path}", response_class=Response)
def change_item(
    request: Request,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    collection_id: RowId,
    arxiv_id: str,
    action: Annotated[Literal["note", "up", "down", "remove"], Form()],
    note: FormText = "",
) -> Response:
    bare = require_bare_id(arxiv_id)
    if action == "note":
        try:
            collections_service.update_item(
                db, collection_id=collection_id, user_id=user.id, arxiv_id=bare, note=note, now=now
            )
        except InvalidInput as error:
            form = FormView(values={"arxiv_id": bare, "note": note}, errors=error.errors)
            return _collection_page(request, db, user, collection_id, edit=None, note_form=form, status_code=422)
    elif action == "remove":
        collections_service.remove_paper(db, collection_id=collection_id, user_id=user.id, arxiv_id=bare, now=now)
    else:
        step = -1 if action == "up" else 1
        collections_service.move_paper(
            db, collection_id=collection_id, user_id=user.id, arxiv_id=bare, step=step, now=now
        )
    collection = collections_service.require_collection(db, collection_id=collection_id, viewer=user)
    anchor = "" if action == "remove" else f"#item-{bare}"
    return RedirectResponse(urls.collection_path(collection.owner_username, collection.slug) + anchor, 303)


@router.get("/papers/{arxiv_id:path}/save", response_class=Response)
def save_page(
    request: Request,
    db: DatabaseDep,
    user: RequireUser,
    arxiv_id: str,
    next: Annotated[str, Query(max_length=2000)] = "",
) -> Response:
    bare = require_bare_id(arxiv_id)
    return _save_page(request, db, user, bare, next_path=next)


@router.post("/papers/{arxiv_id:path}/save", response_class=Response)
def save_paper(
    request: Request,
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    arxiv_id: str,
    collection: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies form defaults)
    new_title: FormText = "",
    next: FormText = "",
) -> Response:
    bare = require_bare_id(arxiv_id)
    try:
        collections_service.save_paper(
            db, user_id=user.id, arxiv_id=bare, collection_ids=collection, new_title=new_title, now=now
        )
    except InvalidInput as error:
        form = FormView(values={"new_title": new_title}, errors={"new_title": str(error)})
        return _save_page(request, db, user, bare, next_path=next, form=form, status_code=422)
    back = safe_next(next) if next else urls.paper_path(bare)
    return RedirectResponse(back, status_code=303)


def _member_page(
    request: Request,
    db: Database,
    viewer: User | None,
    username: str,
    *,
    form: FormView | None = None,
    status_code: int = 200,
) -> Response:
    owner, collections = collections_service.list_member_collections(db, username=username, viewer=viewer)
    context = {
        "owner": owner.shown_name,
        "owner_username": owner.username,
        "owner_url": urls.user_path(owner.username),
        "collections": [build_collection_link(collection) for collection in collections],
        "own": viewer is not None and viewer.id == owner.id,
        "form": form or FormView(),
        "canonical": urls.member_collections_path(owner.username),
    }
    return render_page(request, "collections.html", context, status_code=status_code)


def _collection_page(
    request: Request,
    db: Database,
    viewer: User | None,
    collection_id: int,
    *,
    edit: FormView | None = None,
    import_form: FormView | None = None,
    note_form: FormView | None = None,
    report: ImportReport | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    contents = collections_service.get_contents(db, collection_id=collection_id, viewer=viewer)
    paper_ids = [item.paper.id for item in contents.items]
    viewer_id = viewer.id if viewer else None
    voted = votes_service.get_voted_paper_ids(db, user_id=viewer_id, paper_ids=paper_ids)
    saved = collections_service.get_saved_paper_ids(db, user_id=viewer_id, paper_ids=paper_ids)
    own = viewer is not None and viewer.id == contents.collection.user_id
    page = build_collection_page(
        contents, own=own, voted=voted, saved=saved, edit=edit, import_form=import_form, report=report
    )
    context = {"collection": page, "note_form": note_form or FormView(), "canonical": page.url}
    collection = contents.collection
    if not collection.private:
        context["feed"] = FeedLinks(
            collection.title,
            urls.collection_feed_path(collection.owner_username, collection.slug),
            urls.collection_feed_path(collection.owner_username, collection.slug, "rss"),
        )
    return render_page(request, "collection.html", context, status_code=status_code, headers=headers)


def _save_page(
    request: Request,
    db: Database,
    user: User,
    arxiv_id: str,
    *,
    next_path: str,
    form: FormView | None = None,
    status_code: int = 200,
) -> Response:
    paper = papers_service.require_paper(db, arxiv_id=arxiv_id)
    choices = collections_service.list_save_choices(db, user_id=user.id, arxiv_id=arxiv_id)
    back = safe_next(next_path) if next_path else urls.paper_path(arxiv_id)
    view = build_save_page(arxiv_id=arxiv_id, title=paper.title, choices=choices, next_path=back, form=form)
    return render_page(request, "save.html", {"save": view}, status_code=status_code)
