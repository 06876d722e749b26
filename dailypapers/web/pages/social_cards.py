"""`/cards/<arXiv id>.png`: a paper's social card, the image its page names in `og:image` for link previews."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.services import papers as papers_service
from dailypapers.web.deps import DatabaseDep, SettingsDep
from dailypapers.web.problems import Problem
from dailypapers.web.social_cards import render_social_card

router = APIRouter(include_in_schema=False)
CARD_CACHE = "public, max-age=86400"  # a title changes with a new arXiv version, rarely; previews cache anyway


@router.get("/cards/{arxiv_id:path}.png", response_class=Response)
def social_card(db: DatabaseDep, settings: SettingsDep, arxiv_id: str) -> Response:
    try:
        parsed = parse_arxiv_id(arxiv_id)
    except InvalidArxivId as error:
        raise Problem(404, str(error)) from None
    paper = papers_service.require_paper(db, arxiv_id=parsed.id)
    image = render_social_card(
        site_name=settings.site_name, title=paper.title, authors=paper.authors, listed_on=paper.first_daily_day
    )
    return Response(image, media_type="image/png", headers={"Cache-Control": CARD_CACHE})
