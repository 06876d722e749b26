"""A curator's forms on a day page: add a paper to the day, and pin, move, unpin or remove an entry.

Each posts, then returns to the day; a refusal shows the day again with the message.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dailypapers.domain import urls
from dailypapers.domain.periods import InvalidPeriod, Period, parse_period
from dailypapers.domain.users import User
from dailypapers.services import curation as curation_service
from dailypapers.services.errors import InvalidInput, Refused
from dailypapers.web.auth import RequireCurator
from dailypapers.web.deps import ArxivDep, DatabaseDep, NowDep, SettingsDep
from dailypapers.web.pages.daily import render_period
from dailypapers.web.pages.forms import FormView
from dailypapers.web.problems import Problem, refusal_problem

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
ACTIONS = ("pin", "unpin", "move", "remove")


@router.post("/papers/date/{key}/entries", response_class=Response)
def add_entry(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    user: RequireCurator,
    now: NowDep,
    arxiv: ArxivDep,
    key: str,
    arxiv_id: FormText = "",
    comment: FormText = "",
    pin: FormText = "",
) -> Response:
    period = _day(key)
    values = {"arxiv_id": arxiv_id, "comment": comment}
    try:
        curation_service.add_to_list(
            db, day=period.start, text=arxiv_id, comment=comment, curator=user, fetcher=arxiv, now=now, pin=bool(pin)
        )
    except InvalidInput as error:
        return _show_day(request, db, settings.page_size, period, user, FormView(values=values, errors=error.errors))
    except Refused as error:
        return _refused(request, db, settings.page_size, period, user, error, values=values)
    return RedirectResponse(urls.period_path(period), status_code=303)


@router.post("/papers/date/{key}/curate", response_class=Response)
def curate_entry(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    user: RequireCurator,
    now: NowDep,
    key: str,
    arxiv_id: FormText = "",
    action: FormText = "",
    position: FormText = "",
    reason: FormText = "",
) -> Response:
    """One control of an entry: `action` is pin, unpin, move (to `position`) or remove (with an optional reason)."""
    period = _day(key)
    if action not in ACTIONS:
        raise Problem(422, f"action must be one of {', '.join(ACTIONS)}")
    try:
        if action == "remove":
            curation_service.remove_entry(db, day=period.start, arxiv_id=arxiv_id, curator=user, reason=reason, now=now)
        else:
            curation_service.update_entry(
                db,
                day=period.start,
                arxiv_id=arxiv_id,
                curator=user,
                pinned={"pin": True, "unpin": False}.get(action),
                position=_position(position) if action == "move" else None,
                now=now,
            )
    except InvalidInput as error:
        form = FormView(message=" ".join(error.errors.values()))
        return _show_day(request, db, settings.page_size, period, user, form)
    except Refused as error:
        return _refused(request, db, settings.page_size, period, user, error)
    return RedirectResponse(urls.period_path(period), status_code=303)


def _day(key: str) -> Period:
    try:
        return parse_period("day", key)
    except InvalidPeriod as error:
        raise Problem(404, str(error)) from None


def _position(text: str) -> int:
    if not text.strip().isdigit():
        raise Problem(422, "position must be a whole number, 1 for the top")
    return int(text)


def _refused(
    request: Request,
    db: DatabaseDep,
    page_size: int,
    period: Period,
    user: User,
    error: Refused,
    *,
    values: dict[str, str] | None = None,
) -> Response:
    problem = refusal_problem(error)
    form = FormView(values=values or {}, message=str(error))
    return _show_day(request, db, page_size, period, user, form, status_code=problem.status, headers=problem.headers)


def _show_day(
    request: Request,
    db: DatabaseDep,
    page_size: int,
    period: Period,
    user: User,
    form: FormView,
    *,
    status_code: int = 422,
    headers: dict[str, str] | None = None,
) -> Response:
    return render_period(
        request,
        db,
        period,
        sort="upvotes",
        page=1,
        page_size=page_size,
        user=user,
        curation_form=form,
        status_code=status_code,
        headers=headers,
    )
