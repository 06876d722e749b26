"""View models for the curator's tools on a day page: per-entry controls, the add form, the day's curation log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dailypapers.domain import urls
from dailypapers.domain.curation import CurationAction, CurationEvent
from dailypapers.domain.papers import DailyEntry
from dailypapers.web.pages.forms import FormView

ACTION_LABELS = {
    CurationAction.ADD: "added",
    CurationAction.PIN: "pinned",
    CurationAction.UNPIN: "unpinned",
    CurationAction.MOVE: "moved",
    CurationAction.REMOVE: "removed",
}


@dataclass(frozen=True, slots=True)
class EntryControls:
    arxiv_id: str
    pinned: bool
    up_position: int | None  # where "move up" puts it among the pinned; None at the top
    down_position: int | None


@dataclass(frozen=True, slots=True)
class LogLine:
    at_iso: str
    at_label: str  # 12 Jun 09:30, in UTC
    who: str
    who_url: str | None
    action: str
    arxiv_id: str
    paper_url: str
    title: str
    reason: str | None
    detail: str | None


@dataclass(frozen=True, slots=True)
class CurationView:
    day: str
    add_url: str
    action_url: str
    add_form: FormView
    controls: dict[str, EntryControls]  # by arXiv id, for each card on the page
    log: list[LogLine]


def build_curation_view(
    *, day: date, entries: list[DailyEntry], events: list[CurationEvent], form: FormView | None
) -> CurationView:
    pinned = [entry for entry in entries if entry.pinned]
    controls = {entry.paper.arxiv_id: EntryControls(entry.paper.arxiv_id, False, None, None) for entry in entries}
    for index, entry in enumerate(pinned, 1):
        down = index + 1 if index < len(pinned) else None
        controls[entry.paper.arxiv_id] = EntryControls(entry.paper.arxiv_id, True, index - 1 or None, down)
    add_url, action_url = urls.day_entries_path(day), urls.day_curation_path(day)
    return CurationView(
        day=day.isoformat(),
        add_url=add_url,
        action_url=action_url,
        add_form=form or FormView(),
        controls=controls,
        log=[_log_line(event) for event in reversed(events)],
    )


def _log_line(event: CurationEvent) -> LogLine:
    return LogLine(
        at_iso=event.created_at.isoformat(),
        at_label=f"{event.created_at:%d %b %H:%M} UTC",
        who=event.actor.shown_name if event.actor else "the operator",
        who_url=urls.user_path(event.actor.username) if event.actor else None,
        action=ACTION_LABELS[event.action],
        arxiv_id=event.arxiv_id,
        paper_url=urls.paper_path(event.arxiv_id),
        title=event.title,
        reason=event.reason,
        detail=event.detail,
    )
