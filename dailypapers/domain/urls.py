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


def healthz_path() -> str:
    return "/healthz"


def readyz_path() -> str:
    return "/readyz"


def metrics_path() -> str:
    return "/metrics"


def api_docs_path() -> str:
    return "/docs"


def related_path() -> str:
    return "/related"


def search_path(query: Mapping[str, str] | None = None) -> str:
    """The search page; `query` is its parameters (q, page, filters), in the order given."""
    return "/papers?" + urlencode(query) if query is not None else "/papers"


def for_you_path(
    *, daily_only: bool = True, published_from: date | None = None, published_to: date | None = None, page: int = 1
) -> str:
    """The member's "For you"; the defaults (the daily lists, the last 30 days) leave the query out."""
    return _with_query(
        "/for-you",
        {
            "daily_only": None if daily_only else "false",
            "from": published_from.isoformat() if published_from else None,
            "to": published_to.isoformat() if published_to else None,
            "page": _page(page),
        },
    )


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


def paper_links_path(arxiv_id: str) -> str:
    """Where the paper page's code link and project page form posts (curators, verified authors)."""
    return f"{paper_path(arxiv_id)}/links"


def paper_index_path(arxiv_id: str) -> str:
    """Where the "Index it" button of a paper not indexed yet posts."""
    return f"{paper_path(arxiv_id)}/index"


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
    return _with_query("/following", {"done": done})


def follow_path() -> str:
    """Where a follow or unfollow button posts (kind, target, action)."""
    return "/follows"


def category_path(category: str, *, page: int = 1) -> str:
    """An arXiv category's recent papers: `/categories/cs.CL`."""
    return _with_query(f"/categories/{quote(category, safe='')}", {"page": _page(page)})


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


# Feeds: Atom (`.atom`) and RSS 2.0 (`.rss`) for every list. `kind` is "atom" or "rss".


def daily_feed_path(kind: str = "atom", *, day: date | None = None) -> str:
    """A day's list (the latest day when none is named)."""
    return _with_query(f"/feeds/daily.{kind}", {"date": day.isoformat() if day else None})


def period_feed_path(period: Period, kind: str = "atom") -> str:
    """A day's, week's or month's list as a feed: `/feeds/week.atom?week=2025-W24`."""
    if period.kind == "day":
        return daily_feed_path(kind, day=period.start)
    return _with_query(f"/feeds/{period.kind}.{kind}", {period.kind: period.key})


def trending_feed_path(kind: str = "atom", *, window: int | None = None) -> str:
    return _with_query(f"/feeds/trending.{kind}", {"window": window})


def search_feed_path(query: Mapping[str, str], kind: str = "atom") -> str:
    """A search as a feed, with the search page's own parameters (q, mode, filters; never page)."""
    kept = {name: value for name, value in query.items() if name != "page"}
    return f"/feeds/search.{kind}?{urlencode(kept)}"


def author_feed_path(key: str, kind: str = "atom") -> str:
    return _with_query(f"/feeds/author.{kind}", {"key": key})


def category_feed_path(category: str, kind: str = "atom") -> str:
    return _with_query(f"/feeds/category.{kind}", {"category": category})


def collection_feed_path(username: str, slug: str, kind: str = "atom") -> str:
    """A public collection's feed: the papers as the owner ordered them."""
    return f"/feeds/collections/{username}/{slug}.{kind}"


def private_feed_path(token: str, name: str, kind: str = "atom") -> str:
    """A member's private feed (`for-you`, `saved-searches/<id>`), readable by whoever holds the token."""
    return f"/feeds/private/{token}/{name}.{kind}"


def saved_search_feed_path(token: str, saved_search_id: int, kind: str = "atom") -> str:
    return private_feed_path(token, f"saved-searches/{saved_search_id}", kind)


def for_you_feed_path(token: str, kind: str = "atom") -> str:
    return private_feed_path(token, "for-you", kind)


def feed_token_path() -> str:
    """Where the account page makes a new private feed token (POST) or revokes it (POST to …/revoke)."""
    return "/account/feed-token"


def feed_token_revoke_path() -> str:
    return "/account/feed-token/revoke"
