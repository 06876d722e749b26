"""Category pages, `/categories/<category>`: an arXiv category's indexed papers, newest first, with its follow
button and feed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dailypapers.domain import urls
from dailypapers.domain.follows import FollowKind
from dailypapers.services import categories as categories_service
from dailypapers.services import follows as follows_service
from dailypapers.web.auth import CurrentUser
from dailypapers.web.deps import DatabaseDep, SettingsDep
from dailypapers.web.feeds import FeedLinks
from dailypapers.web.pages.follows import FollowButton, follow_button
from dailypapers.web.pages.views import PaperCard, build_paper_card
from dailypapers.web.templating import render_page

router = APIRouter(include_in_schema=False)
PageQuery = Annotated[int, Query(ge=1, le=10_000)]


@dataclass(frozen=True, slots=True)
class CategoryPageView:
    category: str
    count_label: str
    follow: FollowButton
    cards: list[PaperCard]
    first_rank: int
    newer_page: str | None
    older_page: str | None


@router.get("/categories/{category}", response_class=Response)
def category_page(
    request: Request, db: DatabaseDep, settings: SettingsDep, user: CurrentUser, category: str, page: PageQuery = 1
) -> Response:
    size = settings.page_size
    found = categories_service.require_category_papers(db, category=category, offset=(page - 1) * size, limit=size)
    following = follows_service.is_following(
        db, user_id=user.id if user else None, kind=FollowKind.CATEGORY, value=category
    )
    view = CategoryPageView(
        category=found.category,
        count_label=f"{found.total} paper{'s' if found.total != 1 else ''} indexed here",
        follow=follow_button(FollowKind.CATEGORY, found.category, found.category, following=following),
        cards=[build_paper_card(paper) for paper in found.papers],
        first_rank=found.offset + 1,
        newer_page=urls.category_path(category, page=page - 1) if page > 1 else None,
        older_page=urls.category_path(category, page=page + 1) if found.has_more else None,
    )
    feed = FeedLinks(
        f"{found.category} papers", urls.category_feed_path(category), urls.category_feed_path(category, "rss")
    )
    context = {"view": view, "feed": feed, "canonical": urls.category_path(category, page=page)}
    return render_page(request, "category.html", context)
