"""Member profiles, `/users/<username>`: the name, the role and when they joined (their activity joins later)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from dailypapers.domain.users import User
from dailypapers.services import accounts as accounts_service
from dailypapers.web.deps import DatabaseDep
from dailypapers.web.pages.views import profile_url
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
ROLE_LABELS = {"admin": "Admin", "curator": "Curator", "member": "Member"}


@dataclass(frozen=True, slots=True)
class ProfileView:
    name: str  # the display name, or the username when there is none
    username: str
    role: str
    joined_at: datetime


def build_profile(user: User) -> ProfileView:
    return ProfileView(
        name=user.shown_name,
        username=user.username,
        role=ROLE_LABELS[user.role.value],
        joined_at=user.created_at,
    )


@router.get("/users/{username}", response_class=Response)
def profile_page(request: Request, db: DatabaseDep, username: str) -> Response:
    user = accounts_service.require_user_by_username(db, username=username)
    return render_page(request, "user.html", {"profile": build_profile(user), "canonical": profile_url(user.username)})
