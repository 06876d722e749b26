"""`POST /papers/<arXiv id>/vote`: the upvote button without JavaScript; it comes back to the page it was on.

With JavaScript, static/votes.js sends the same through the API (PUT/DELETE) and the page does not reload.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from dailypapers.services import votes as votes_service
from dailypapers.web.auth import RequireConfirmedUser
from dailypapers.web.deps import DatabaseDep, NowDep
from dailypapers.web.ids import require_bare_id
from dailypapers.web.pages.forms import back_to_card

router = APIRouter(include_in_schema=False)


@router.post("/papers/{arxiv_id:path}/vote", response_class=Response)
def vote_from_page(
    db: DatabaseDep,
    user: RequireConfirmedUser,
    now: NowDep,
    arxiv_id: str,
    vote: Annotated[Literal["up", "down"], Form()] = "up",
    next: Annotated[str, Form()] = "",
) -> Response:
    """`vote=up` upvotes, `vote=down` takes it back: the form says which, so a double submit changes nothing."""
    bare = require_bare_id(arxiv_id)
    if vote == "up":
        votes_service.cast_vote(db, arxiv_id=bare, user_id=user.id, now=now)
    else:
        votes_service.withdraw_vote(db, arxiv_id=bare, user_id=user.id)
    return RedirectResponse(back_to_card(next, bare), status_code=303)
