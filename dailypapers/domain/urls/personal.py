"""A member's own layer: collections, follows, saved searches and "not interested"."""

from __future__ import annotations

from urllib.parse import quote

from dailypapers.domain.urls.base import page_number, with_query
from dailypapers.domain.urls.papers import paper_path

# Collections: a member's reading lists. Pages by owner and slug; the API and the forms by id.


def member_collections_path(username: str) -> str:
    """A member's collections (all of them to the member, the public ones to anyone else)."""
    return f"/collections/{username}"


def collection_path(username: str, slug: str) -> str:
    return f"/collections/{username}/{slug}"


def collection_export_path(username: str, slug: str, extension: str) -> str:
    """The collection as a file: `bib` (BibTeX), `ris` (RIS) or `json` (CSL-JSON)."""
    return f"{collection_path(username, slug)}/export.{extension}"


def new_collection_path() -> str:
    """Where the "new collection" form posts."""
    return "/collections"


def collection_edit_path(collection_id: int) -> str:
    return f"/collections/id/{collection_id}/edit"


def collection_delete_path(collection_id: int) -> str:
    return f"/collections/id/{collection_id}/delete"


def collection_import_path(collection_id: int) -> str:
    """Where the BibTeX import form posts."""
    return f"/collections/id/{collection_id}/import"


def collection_item_path(collection_id: int, arxiv_id: str) -> str:
    """Where an item's note, move and remove forms post (with `action=`)."""
    return f"/collections/id/{collection_id}/items/{arxiv_id}"


def paper_save_path(arxiv_id: str) -> str:
    """The Save control: the member's collections with a tick for those holding the paper (GET shows, POST sets)."""
    return f"{paper_path(arxiv_id)}/save"


def api_collection_path(collection_id: int) -> str:
    return f"/api/v1/collections/{collection_id}"


def api_collection_items_path(collection_id: int) -> str:
    return f"{api_collection_path(collection_id)}/items"


def api_collection_item_path(collection_id: int, arxiv_id: str) -> str:
    return f"{api_collection_items_path(collection_id)}/{arxiv_id}"


# Follows, saved searches and "not interested": a member's own signals.


def following_path(*, done: str | None = None) -> str:
    """What the member follows and their saved searches; `done` names what was just changed."""
    return with_query("/following", {"done": done})


def follow_path() -> str:
    """Where a follow or unfollow button posts (kind, target, action)."""
    return "/follows"


def category_path(category: str, *, page: int = 1) -> str:
    """An arXiv category's recent papers: `/categories/cs.CL`."""
    return with_query(f"/categories/{quote(category, safe='')}", {"page": page_number(page)})


def saved_searches_path() -> str:
    """Where "Save this search" posts."""
    return "/saved-searches"


def saved_search_path(saved_search_id: int) -> str:
    """A saved search: opening it reruns it on the search page."""
    return f"/saved-searches/{saved_search_id}"


def saved_search_delete_path(saved_search_id: int) -> str:
    return f"{saved_search_path(saved_search_id)}/delete"


def paper_dismiss_path(arxiv_id: str) -> str:
    """Where a card's "Not interested" (and its undo) posts."""
    return f"{paper_path(arxiv_id)}/dismiss"


def api_dismissal_path(arxiv_id: str) -> str:
    """The API's "not interested" (PUT turns the paper away, DELETE takes that back)."""
    return f"/api/v1/me/dismissals/{arxiv_id}"
