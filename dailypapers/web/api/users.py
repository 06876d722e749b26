"""`/api/v1/me` and `/api/v1/users/{username}`: who a token belongs to, and public profiles."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from dailypapers.domain.users import User
from dailypapers.services import users as users_service
from dailypapers.web.auth import RequireUser
from dailypapers.web.deps import DatabaseDep
from dailypapers.web.problems import problem_responses

router = APIRouter(prefix="/api/v1", tags=["Members"])


class UserOut(BaseModel):
    username: str
    display_name: str | None
    role: Literal["admin", "curator", "member"]
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            username=user.username, display_name=user.display_name, role=user.role.value, created_at=user.created_at
        )


class MeOut(UserOut):
    email: str

    @classmethod
    def of(cls, user: User) -> MeOut:
        return cls(**UserOut.of(user).model_dump(), email=user.email)


@router.get("/me", summary="The signed-in member (by session or API token)")
def get_me(user: RequireUser) -> MeOut:
    return MeOut.of(user)


@router.get(
    "/users/{username}",
    summary="A member's public profile",
    responses=problem_responses(404, texts={404: "No member by that username."}),
)
def get_user(db: DatabaseDep, username: str) -> UserOut:
    return UserOut.of(users_service.require_user_by_username(db, username=username))
