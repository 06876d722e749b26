"""Authors, members' profiles and author claims, and the admin pages that review them."""

from __future__ import annotations

from urllib.parse import quote

from dailypapers.domain.authors import author_key
from dailypapers.domain.urls.base import page_number, with_query

# Authors, members and their claims.


def author_path(name: str) -> str:
    """An author's page, by a name as a byline writes it."""
    return author_key_path(author_key(name))


def author_key_path(key: str, *, page: int = 1) -> str:
    # Keys are URL-safe for Latin names; names in other scripts keep their own characters, percent-encoded.
    return with_query(f"/authors/{quote(key, safe='')}", {"page": page_number(page)})


def user_path(username: str) -> str:
    return f"/users/{username}"


def claims_path() -> str:
    """Where the "This is me" form posts."""
    return "/claims"


def claim_withdraw_path(claim_id: int) -> str:
    return f"/claims/{claim_id}/withdraw"


def admin_claims_path(*, status: str | None = None) -> str:
    return with_query("/admin/claims", {"status": status})


def admin_claim_approve_path(claim_id: int) -> str:
    return f"/admin/claims/{claim_id}/approve"


def admin_claim_reject_path(claim_id: int) -> str:
    return f"/admin/claims/{claim_id}/reject"


def admin_outbox_path(*, page: int = 1) -> str:
    return with_query("/admin/outbox", {"page": page_number(page)})


def admin_outbox_message_path(name: str) -> str:
    return f"/admin/outbox/{name}"
