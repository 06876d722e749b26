"""Follow and unfollow buttons (`POST /follows`, no JavaScript needed), and `/following`: what the member follows,
their saved searches and their private feed links, each with its own remove button."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.domain.follows import Follow, FollowKind, SavedSearch
from dailypapers.services import feed_tokens as feed_tokens_service
from dailypapers.services import follows as follows_service
from dailypapers.services import saved_searches as saved_searches_service
from dailypapers.web.auth import RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep, SettingsDep
from dailypapers.web.pages.forms import safe_next
from dailypapers.web.rate_limits import personal_rate_limited
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
NOTICES = {
    "unfollowed": "Unfollowed.",
    "saved-search-deleted": "The saved search is deleted.",
}
KIND_HEADINGS = {FollowKind.AUTHOR: "Authors", FollowKind.MEMBER: "Members", FollowKind.CATEGORY: "Categories"}


@dataclass(frozen=True, slots=True)
class FollowButton:
    """What partials/follow_button.html reads: the thing, whether the member follows it, where to come back to."""

    kind: str
    target: str
    label: str
    following: bool


@dataclass(frozen=True, slots=True)
class FollowRow:
    label: str
    url: str
    button: FollowButton


@dataclass(frozen=True, slots=True)
class FollowGroup:
    heading: str
    rows: list[FollowRow]


@dataclass(frozen=True, slots=True)
class SavedSearchRow:
    name: str
    summary: str  # the query and its non-default parameters
    url: str
    delete_url: str
    atom_url: str | None  # private: only with a feed token
    rss_url: str | None


@dataclass(frozen=True, slots=True)
class FollowingView:
    groups: list[FollowGroup]
    saved_searches: list[SavedSearchRow]
    has_feed_token: bool
    notice: str | None


def follow_button(kind: FollowKind, target: str, label: str, *, following: bool) -> FollowButton:
    return FollowButton(kind.value, target, label, following)


@router.post(
    "/follows",
    response_class=Response,
    dependencies=personal_rate_limited(),
)
def change_follow(
    db: DatabaseDep,
    user: RequireUser,
    now: NowDep,
    kind: Annotated[FollowKind, Form()],
    target: Annotated[str, Form(max_length=255)],
    action: Annotated[Literal["follow", "unfollow"], Form()] = "follow",
    next: Annotated[str, Form()] = "",
) -> Response:
    """`action` says which, so a double submit changes nothing; back to the page the button was on."""
    if action == "follow":
        follows_service.follow(db, user_id=user.id, kind=kind, value=target, now=now)
    else:
        follows_service.unfollow(db, user_id=user.id, kind=kind, value=target)
    back = safe_next(next) if next else urls.following_path(done="unfollowed" if action == "unfollow" else None)
    return RedirectResponse(back, status_code=303)


@router.get("/following", response_class=Response)
def following_page(
    request: Request, db: DatabaseDep, settings: SettingsDep, user: RequireUser, done: str = ""
) -> Response:
    follows = follows_service.list_follows(db, user_id=user.id)
    saved = saved_searches_service.list_saved_searches(db, user_id=user.id)
    token = feed_tokens_service.get_feed_token(db, secret=settings.secret_key.get_secret_value(), user_id=user.id)
    view = FollowingView(
        groups=[group for group in (_group(kind, follows) for kind in FollowKind) if group.rows],
        saved_searches=[_saved_row(search, token) for search in saved],
        has_feed_token=token is not None,
        notice=NOTICES.get(done),
    )
    return render_page(request, "following.html", {"view": view}, headers={"Cache-Control": "private, no-store"})


def _group(kind: FollowKind, follows: list[Follow]) -> FollowGroup:
    rows = [
        FollowRow(
            label=follow.label,
            url=_follow_url(follow),
            button=follow_button(follow.kind, follow.target, follow.label, following=True),
        )
        for follow in follows
        if follow.kind is kind
    ]
    return FollowGroup(KIND_HEADINGS[kind], rows)


def _follow_url(follow: Follow) -> str:
    if follow.kind is FollowKind.AUTHOR:
        return urls.author_key_path(follow.target)
    if follow.kind is FollowKind.MEMBER:
        return urls.user_path(follow.target)
    return urls.category_path(follow.target)


def _saved_row(search: SavedSearch, token: str | None) -> SavedSearchRow:
    extras = ", ".join(f"{name.replace('_', ' ')}: {value}" for name, value in search.params.items())
    return SavedSearchRow(
        name=search.name,
        summary=_summary(search, extras),
        url=urls.saved_search_path(search.id),
        delete_url=urls.saved_search_delete_path(search.id),
        atom_url=urls.saved_search_feed_path(token, search.id) if token else None,
        rss_url=urls.saved_search_feed_path(token, search.id, "rss") if token else None,
    )


def _summary(search: SavedSearch, extras: str) -> str:
    """What the search is, beside its name: the query when the name is another, and its parameters."""
    parts = [f"“{search.query}”"] if search.name != search.query else []
    if extras:
        parts.append(f"({extras})")
    return " ".join(parts)
