"""Author pages, `/authors/<key>`: every indexed paper with an author of that name, newest first, in pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dailypapers.domain import urls
from dailypapers.domain.follows import FollowKind
from dailypapers.services import authors as authors_service
from dailypapers.services import follows as follows_service
from dailypapers.services.authors import AuthorPapers
from dailypapers.web.auth import CurrentUser
from dailypapers.web.deps import DatabaseDep, SettingsDep
from dailypapers.web.feeds import FeedLinks
from dailypapers.web.pages.follows import FollowButton, follow_button
from dailypapers.web.pages.views import MemberLink, PaperCard, build_paper_card, member_link
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
PageQuery = Annotated[int, Query(ge=1, le=10_000)]


@dataclass(frozen=True, slots=True)
class AuthorPageView:
    name: str
    count_label: str
    verified: list[MemberLink]
    follow: FollowButton
    cards: list[PaperCard]
    first_rank: int
    newer_page: str | None
    older_page: str | None


# `path`: a key made of a non-Latin name may hold any character, a slash included.
@router.get("/authors/{key:path}", response_class=Response)
def author_page(
    request: Request, db: DatabaseDep, settings: SettingsDep, user: CurrentUser, key: str, page: PageQuery = 1
) -> Response:
    size = settings.page_size
    found = authors_service.require_author_papers(db, key=key, offset=(page - 1) * size, limit=size)
    following = bool(
        follows_service.get_followed_targets(
            db, user_id=user.id if user else None, kind=FollowKind.AUTHOR, targets=[found.key]
        )
    )
    view = build_author_view(found, page=page, following=following)
    feed = FeedLinks(found.name, urls.author_feed_path(found.key), urls.author_feed_path(found.key, "rss"))
    context = {"view": view, "feed": feed, "canonical": urls.author_key_path(key, page=page)}
    return render_page(request, "author.html", context)


def build_author_view(found: AuthorPapers, *, page: int, following: bool = False) -> AuthorPageView:
    return AuthorPageView(
        name=found.name,
        count_label=f"{found.total} paper{'s' if found.total != 1 else ''} indexed here",
        verified=[member_link(member) for member in found.verified_members],
        follow=follow_button(FollowKind.AUTHOR, found.key, found.name, following=following),
        cards=[build_paper_card(paper) for paper in found.papers],
        first_rank=found.offset + 1,
        newer_page=urls.author_key_path(found.key, page=page - 1) if page > 1 else None,
        older_page=urls.author_key_path(found.key, page=page + 1) if found.has_more else None,
    )
