"""The private feed token, from the account page: made (or replaced, which retires the old links) and revoked."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from dailypapers.db.engine import Database
from dailypapers.domain import urls
from dailypapers.services import feed_tokens as feed_tokens_service
from dailypapers.settings import Settings
from dailypapers.web.auth import RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep, SettingsDep

router = APIRouter(include_in_schema=False)
NOTICES = {
    "feed-token": "Your private feed links are ready; any made before stop working.",
    "feed-token-revoked": "Your private feed links are revoked: feed readers holding them get nothing from now on.",
}


@dataclass(frozen=True, slots=True)
class PrivateFeedsView:
    """The account page's private feeds section: the saved searches' links are on /following."""

    following_url: str
    has_token: bool
    for_you_atom: str | None = None
    for_you_rss: str | None = None


def build_private_feeds_view(db: Database, settings: Settings, *, user_id: int) -> PrivateFeedsView:
    token = feed_tokens_service.get_feed_token(db, secret=settings.secret_key.get_secret_value(), user_id=user_id)
    if token is None:
        return PrivateFeedsView(following_url=urls.following_path(), has_token=False)
    return PrivateFeedsView(
        following_url=urls.following_path(),
        has_token=True,
        for_you_atom=urls.for_you_feed_path(token),
        for_you_rss=urls.for_you_feed_path(token, "rss"),
    )


@router.post("/account/feed-token", response_class=Response)
def create_feed_token(db: DatabaseDep, settings: SettingsDep, user: RequireUser, now: NowDep) -> Response:
    feed_tokens_service.create_feed_token(db, secret=settings.secret_key.get_secret_value(), user_id=user.id, now=now)
    return RedirectResponse(urls.account_path(done="feed-token"), status_code=303)


@router.post("/account/feed-token/revoke", response_class=Response)
def revoke_feed_token(db: DatabaseDep, user: RequireUser) -> Response:
    feed_tokens_service.revoke_feed_token(db, user_id=user.id)
    return RedirectResponse(urls.account_path(done="feed-token-revoked"), status_code=303)
