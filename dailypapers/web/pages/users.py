"""Member profiles, `/users/<username>`: the name, the role, when they joined, the papers they are a verified
author of, and (to themselves) their claims still waiting or turned down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dailypapers.domain import urls
from dailypapers.domain.avatars import Avatar, avatar_for
from dailypapers.domain.claims import AuthorClaim, ClaimStatus
from dailypapers.domain.follows import FollowKind
from dailypapers.domain.users import User
from dailypapers.services import claims as claims_service
from dailypapers.services import collections as collections_service
from dailypapers.services import follows as follows_service
from dailypapers.services import users as users_service
from dailypapers.web.auth import CurrentUser
from dailypapers.web.deps import DatabaseDep, SettingsDep
from dailypapers.web.pages.collection_views import build_collection_link
from dailypapers.web.pages.follows import follow_button
from dailypapers.web.pages.paper_sections import STATUS_LABELS
from dailypapers.web.pages.views import PaperCard, build_paper_card
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
ROLE_LABELS = {"admin": "Admin", "curator": "Curator", "member": "Member"}
PageQuery = Annotated[int, Query(ge=1, le=10_000)]


@dataclass(frozen=True, slots=True)
class ProfileView:
    name: str  # the display name, or the username when there is none
    username: str
    role: str
    joined_at: datetime
    avatar: Avatar


@dataclass(frozen=True, slots=True)
class OpenClaim:
    paper_title: str
    paper_url: str
    author_name: str
    status: str
    withdraw_url: str | None


@dataclass(frozen=True, slots=True)
class AuthoredView:
    cards: list[PaperCard]
    total: int
    first_rank: int
    newer_page: str | None
    older_page: str | None
    open_claims: list[OpenClaim]  # only on one's own profile
    own_profile: bool


def build_profile(user: User) -> ProfileView:
    return ProfileView(
        name=user.shown_name,
        username=user.username,
        role=ROLE_LABELS[user.role.value],
        joined_at=user.created_at,
        avatar=avatar_for(user.username, user.shown_name),
    )


@router.get("/users/{username}", response_class=Response)
def profile_page(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    viewer: CurrentUser,
    username: str,
    page: PageQuery = 1,
) -> Response:
    user = users_service.require_user_by_username(db, username=username)
    own = viewer is not None and viewer.id == user.id
    size = settings.page_size
    papers, total = claims_service.list_member_papers(db, user_id=user.id, offset=(page - 1) * size, limit=size)
    claims = claims_service.list_member_claims(db, user_id=user.id) if own else []
    base = urls.user_path(user.username)
    authored = AuthoredView(
        cards=[build_paper_card(paper) for paper in papers],
        total=total,
        first_rank=(page - 1) * size + 1,
        newer_page=(base + (f"?page={page - 1}" if page > 2 else "")) if page > 1 else None,
        older_page=f"{base}?page={page + 1}" if page * size < total else None,
        open_claims=[_open_claim(claim) for claim in claims if claim.status is not ClaimStatus.APPROVED],
        own_profile=own,
    )
    _, collections = collections_service.list_member_collections(db, username=user.username, viewer=viewer)
    context = {
        "profile": build_profile(user),
        "authored": authored,
        "collections": [build_collection_link(collection) for collection in collections],
        "collections_url": urls.member_collections_path(user.username),
        "canonical": base,
    }
    member_follow = None
    if total and not own:  # a verified author: their papers are worth following
        following = follows_service.is_following(
            db, user_id=viewer.id if viewer else None, kind=FollowKind.MEMBER, value=user.username
        )
        member_follow = follow_button(FollowKind.MEMBER, user.username, user.username, following=following)
    context["member_follow"] = member_follow
    return render_page(request, "user.html", context)


def _open_claim(claim: AuthorClaim) -> OpenClaim:
    return OpenClaim(
        paper_title=claim.paper_title,
        paper_url=urls.paper_path(claim.arxiv_id),
        author_name=claim.author_name,
        status=STATUS_LABELS[claim.status],
        withdraw_url=urls.claim_withdraw_path(claim.id) if claim.status is ClaimStatus.PENDING else None,
    )
