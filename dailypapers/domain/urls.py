"""The site's addresses, built in one place: pages, templates (as `urls`), the API, emails and scripts ask here.

Paths are root-relative; `absolute` puts the site's base URL in front for links that leave the site (emails).
The routes that answer them are declared in `web/`; `tests/web/test_urls.py` requests every kind built here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import quote, urlencode

from dailypapers.domain.authors import author_key
from dailypapers.domain.periods import Period

_PERIOD_SEGMENTS = {"day": "date", "week": "week", "month": "month"}


def absolute(base_url: str, path: str) -> str:
    """A link from outside the site: `https://papers.example.org` + `/papers/2406.01234`."""
    return base_url.rstrip("/") + path


def _with_query(path: str, query: Mapping[str, str | int | None]) -> str:
    """`path?a=1&b=2`, leaving out the parameters that are None; the bare path when none is left."""
    kept = {name: value for name, value in query.items() if value is not None}
    return f"{path}?{urlencode(kept)}" if kept else path


def _page(page: int) -> int | None:
    return page if page > 1 else None


# Site-wide pages.


def home_path() -> str:
    return "/"


def api_docs_path() -> str:
    return "/docs"


def related_path() -> str:
    return "/related"


def search_path(query: Mapping[str, str] | None = None) -> str:
    """The search page; `query` is its parameters (q, page, filters), in the order given."""
    return "/papers?" + urlencode(query) if query is not None else "/papers"


def trending_path(*, window: int | None = None, as_of: date | None = None, page: int = 1) -> str:
    return _with_query(
        "/papers/trending", {"window": window, "date": as_of.isoformat() if as_of else None, "page": _page(page)}
    )


# Daily lists.


def day_path(day: date, *, sort: str = "upvotes", page: int = 1) -> str:
    return _with_query(_period_base("day", day.isoformat()), _list_query(sort, page))


def period_path(period: Period, *, sort: str = "upvotes", page: int = 1) -> str:
    """A day's, week's or month's list: `/papers/date/2025-06-12`, `/papers/week/2025-W24`, `/papers/month/2025-06`."""
    return _with_query(_period_base(period.kind, period.key), _list_query(sort, page))


def _list_query(sort: str, page: int) -> dict[str, str | int | None]:
    return {"sort": sort if sort != "upvotes" else None, "page": _page(page)}


def _period_base(kind: str, key: str) -> str:
    return f"/papers/{_PERIOD_SEGMENTS[kind]}/{key}"


def date_picker_path() -> str:
    """Where the date picker's form goes; it redirects to the day's own address."""
    return "/papers/date"


def day_entries_path(day: date) -> str:
    """Where a curator's form adds a paper to a day."""
    return f"{day_path(day)}/entries"


def day_curation_path(day: date) -> str:
    """Where a curator's pin, order and remove controls post."""
    return f"{day_path(day)}/curate"


def submit_path() -> str:
    return "/papers/submit"


# Papers, their votes and comments. Old-style ids keep their slash (`/papers/cs/0112017`): the routes take a path.


def paper_path(arxiv_id: str) -> str:
    return f"/papers/{arxiv_id}"


def paper_vote_path(arxiv_id: str) -> str:
    """Where a card's or a paper page's upvote form posts."""
    return f"{paper_path(arxiv_id)}/vote"


def paper_comments_path(arxiv_id: str) -> str:
    """Where a new comment or reply posts."""
    return f"{paper_path(arxiv_id)}/comments"


def comment_path(arxiv_id: str, comment_id: int) -> str:
    """A comment in its place on the paper's page."""
    return f"{paper_path(arxiv_id)}#comment-{comment_id}"


def comment_edit_path(comment_id: int) -> str:
    return f"/comments/{comment_id}/edit"


def comment_delete_path(comment_id: int) -> str:
    return f"/comments/{comment_id}/delete"


def comment_hide_path(comment_id: int) -> str:
    return f"/comments/{comment_id}/hide"


def social_card_path(arxiv_id: str) -> str:
    """The paper's social card image, which link previews show (a PNG, 1200×630)."""
    return f"/cards/{quote(arxiv_id, safe='/')}.png"


def hugging_face_paper_url(arxiv_id: str) -> str:
    """The paper on Hugging Face's Daily Papers, where the comments the archive counts were written."""
    return f"https://huggingface.co/papers/{quote(arxiv_id, safe='/')}"


def upstream_paper_url(upstream_url: str, arxiv_id: str) -> str:
    """The paper on the followed upstream: Hugging Face and dailypapers both serve it at /papers/<arXiv id>."""
    return absolute(upstream_url, paper_path(arxiv_id))


def upstream_day_url(upstream_url: str, day: date) -> str:
    """The upstream's list of `day`: /papers/date/YYYY-MM-DD on Hugging Face and dailypapers alike."""
    return absolute(upstream_url, day_path(day))


def upstream_api_path() -> str:
    """Hugging Face's daily-list endpoint, which a pull reads from the upstream (and this site serves)."""
    return "/api/daily_papers"


def api_vote_path(arxiv_id: str) -> str:
    """The API's upvote (PUT casts, DELETE takes back): what a card's button calls without leaving the page."""
    return f"/api/v1{paper_path(arxiv_id)}/vote"


def api_comment_path(comment_id: int) -> str:
    return f"/api/v1/comments/{comment_id}"


# Authors, members and their claims.


def author_path(name: str) -> str:
    """An author's page, by a name as a byline writes it."""
    return author_key_path(author_key(name))


def author_key_path(key: str, *, page: int = 1) -> str:
    # Keys are URL-safe for Latin names; names in other scripts keep their own characters, percent-encoded.
    return _with_query(f"/authors/{quote(key, safe='')}", {"page": _page(page)})


def user_path(username: str) -> str:
    return f"/users/{username}"


def claims_path() -> str:
    """Where the "This is me" form posts."""
    return "/claims"


def claim_withdraw_path(claim_id: int) -> str:
    return f"/claims/{claim_id}/withdraw"


def admin_claims_path(*, status: str | None = None) -> str:
    return _with_query("/admin/claims", {"status": status})


def admin_claim_approve_path(claim_id: int) -> str:
    return f"/admin/claims/{claim_id}/approve"


def admin_claim_reject_path(claim_id: int) -> str:
    return f"/admin/claims/{claim_id}/reject"


def admin_outbox_path(*, page: int = 1) -> str:
    return _with_query("/admin/outbox", {"page": _page(page)})


def admin_outbox_message_path(name: str) -> str:
    return f"/admin/outbox/{name}"


# Accounts.


def signin_path(*, next_path: str | None = None) -> str:
    return _with_query("/signin", {"next": next_path})


def signup_path() -> str:
    return "/signup"


def signout_path() -> str:
    return "/signout"


def account_path(*, done: str | None = None) -> str:
    """Account settings; `done` names what was just changed, for the page's notice."""
    return _with_query("/account", {"done": done})


def email_confirm_path(*, token: str | None = None) -> str:
    """Where a sign-up's emailed link lands (GET confirms), and where the account page asks for a new link (POST)."""
    return _with_query("/account/confirm", {"token": token})


def account_profile_path() -> str:
    return "/account/profile"


def account_password_path() -> str:
    return "/account/password"


def api_tokens_path() -> str:
    return "/account/tokens"


def api_token_revoke_path(token_id: int) -> str:
    return f"/account/tokens/{token_id}/revoke"


def password_forgot_path() -> str:
    return "/password/forgot"


def password_reset_path(*, token: str | None = None) -> str:
    return _with_query("/password/reset", {"token": token})


# Email subscriptions. Their links carry a signed token; `done` names what just happened, for the page's notice.


def subscribe_path(*, email: str | None = None, cadence: str | None = None) -> str:
    return _with_query("/subscribe", {"email": email, "cadence": cadence})


def subscription_confirm_path(*, token: str | None = None) -> str:
    return _with_query("/subscriptions/confirm", {"token": token})


def subscription_settings_path(*, token: str | None = None, done: str | None = None) -> str:
    return _with_query("/subscriptions/settings", {"token": token, "done": done})


def unsubscribe_path(*, token: str | None = None) -> str:
    return _with_query("/subscriptions/unsubscribe", {"token": token})
