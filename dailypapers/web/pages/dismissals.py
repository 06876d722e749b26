"""`POST /papers/<arXiv id>/dismiss`: a card's "Not interested" without JavaScript, and its undo; back to the page.

With JavaScript, static/dismiss.js sends the same through the API and hides the card behind an "Undo".
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from dailypapers.services import dismissals as dismissals_service
from dailypapers.web.auth import RequireUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import require_bare_id
from dailypapers.web.pages.forms import back_to_card
from dailypapers.web.rate_limits import personal_rate_limited

router = APIRouter(include_in_schema=False)


@router.post("/papers/{arxiv_id:path}/dismiss", response_class=Response, dependencies=personal_rate_limited())
def dismiss_from_page(
    db: DatabaseDep,
    user: RequireUser,
    now: NowDep,
    arxiv_id: str,
    action: Annotated[Literal["dismiss", "undo"], Form()] = "dismiss",
    next: Annotated[str, Form()] = "",
) -> Response:
    bare = require_bare_id(arxiv_id)
    if action == "dismiss":
        dismissals_service.dismiss_paper(db, arxiv_id=bare, user_id=user.id, now=now)
    else:
        dismissals_service.undo_dismissal(db, arxiv_id=bare, user_id=user.id)
    return RedirectResponse(back_to_card(next, bare), status_code=303)
