"""Curators shaping any day's list: add a paper (no submission rules apply), pin, order the pinned, remove.

Each action is written to the curation log in the same transaction as the change; a removed entry lives on
there, with who removed it, when, why, and what it was.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.curation import CurationAction, CurationEvent, move_to
from dailypapers.domain.papers import DailyEntry
from dailypapers.domain.submissions import clean_comment
from dailypapers.domain.users import InvalidField, Role, User
from dailypapers.services.errors import Forbidden, InvalidInput, Refusal, Refused
from dailypapers.services.paper_lookup import PaperFetcher
from dailypapers.services.submissions import add_entry, find_paper_to_list, parse_comment, parse_submitted_id
from dailypapers.store import curation_log as log_store
from dailypapers.store import daily as daily_store
from dailypapers.store import daily_writes
from dailypapers.store import papers as papers_store
from dailypapers.store.daily import list_daily_entries

log = logging.getLogger(__name__)
MAX_DAY_ENTRIES = 1000  # far more than any real day holds; bounds a listing all the same


def add_to_list(
    db: Database,
    *,
    day: date,
    text: str,
    comment: str | None,
    curator: User | None,
    fetcher: PaperFetcher | None,
    now: datetime,
    pin: bool = False,
) -> DailyEntry:
    """Add the paper `text` names to `day`'s list (any day, any age), pinned last among the pinned if asked.
    `curator` None is the operator at the command line."""
    _require_curator(curator)
    arxiv_id = parse_submitted_id(text)
    comment = parse_comment(comment)
    paper = find_paper_to_list(db, arxiv_id=arxiv_id, fetcher=fetcher, now=now)
    with db.transaction() as connection:
        daily_writes.lock_day(connection, day=day)
        entry = add_entry(
            connection, day=day, paper=paper, member_id=curator.id if curator else None, comment=comment, now=now
        )
        _log(connection, entry, curator, CurationAction.ADD, now=now)
        if pin:
            entry = _reorder(connection, entry, curator, position=None, now=now)
    log.info("%s added %s to the list of %s", _name(curator), arxiv_id, day)
    return entry


def update_entry(
    db: Database,
    *,
    day: date,
    arxiv_id: str,
    curator: User | None,
    pinned: bool | None = None,
    position: int | None = None,
    now: datetime,
) -> DailyEntry:
    """Pin (at the end, or at `position`), move a pinned entry to `position` (1 is first), or unpin."""
    _require_curator(curator)
    with db.transaction() as connection:
        daily_writes.lock_day(connection, day=day)
        entry = _require_entry(connection, day=day, arxiv_id=arxiv_id)
        if pinned is False:
            order = daily_store.list_pinned_entry_ids(connection, day=day)
            if entry.id in order:
                daily_writes.set_pinned_order(connection, day=day, entry_ids=[i for i in order if i != entry.id])
                _log(connection, entry, curator, CurationAction.UNPIN, now=now)
        elif pinned or position is not None:
            _reorder(connection, entry, curator, position=position, now=now)
        updated = daily_store.get_daily_entry(connection, day=day, paper_id=entry.paper.id)
    assert updated is not None
    return updated


def remove_entry(
    db: Database, *, day: date, arxiv_id: str, curator: User | None, reason: str | None, now: datetime
) -> None:
    """Take the paper off `day`'s list; the log keeps who, when, why and what the entry was."""
    _require_curator(curator)
    try:
        reason = clean_comment(reason, field="reason")
    except InvalidField as error:
        raise InvalidInput({error.field: error.message}) from None
    with db.transaction() as connection:
        daily_writes.lock_day(connection, day=day)
        entry = _require_entry(connection, day=day, arxiv_id=arxiv_id)
        daily_writes.delete_daily_entry(connection, entry_id=entry.id)
        if entry.pinned:
            order = daily_store.list_pinned_entry_ids(connection, day=day)
            daily_writes.set_pinned_order(connection, day=day, entry_ids=order)
        _log(connection, entry, curator, CurationAction.REMOVE, reason=reason, detail=_describe(entry), now=now)
    log.info("%s removed %s from the list of %s (%s)", _name(curator), arxiv_id, day, reason or "no reason given")


def list_day_entries(db: Database, *, day: date) -> list[DailyEntry]:
    """The whole day, in the order its page shows by default."""
    with db.reading() as connection:
        end = day + timedelta(days=1)
        return list_daily_entries(connection, start=day, end=end, sort="upvotes", offset=0, limit=MAX_DAY_ENTRIES)


def list_curation_log(db: Database, *, day: date) -> list[CurationEvent]:
    with db.reading() as connection:
        return log_store.list_curation_events(connection, day=day)


def _reorder(
    connection: Connection, entry: DailyEntry, curator: User | None, *, position: int | None, now: datetime
) -> DailyEntry:
    order = daily_store.list_pinned_entry_ids(connection, day=entry.day)
    action = CurationAction.MOVE if entry.id in order else CurationAction.PIN
    if action is CurationAction.MOVE and position is None:
        return entry  # pinned already, and no new place asked for
    new_order = move_to(order, item=entry.id, position=position if position is not None else len(order) + 1)
    if new_order != order:
        daily_writes.set_pinned_order(connection, day=entry.day, entry_ids=new_order)
        _log(connection, entry, curator, action, detail=f"position {new_order.index(entry.id) + 1}", now=now)
    updated = daily_store.get_daily_entry(connection, day=entry.day, paper_id=entry.paper.id)
    assert updated is not None
    return updated


def _require_entry(connection: Connection, *, day: date, arxiv_id: str) -> DailyEntry:
    not_there = Refused(Refusal.NOT_ON_LIST, f"{arxiv_id[:80]} is not on the list of {day:%d %B %Y}.")
    try:
        arxiv_id = parse_arxiv_id(arxiv_id).id
    except InvalidArxivId:
        raise not_there from None  # no paper could have that id, so none is on the list
    paper = papers_store.get_paper(connection, arxiv_id=arxiv_id)
    entry = daily_store.get_daily_entry(connection, day=day, paper_id=paper.id) if paper else None
    if entry is None:
        raise not_there
    return entry


def _require_curator(user: User | None) -> None:
    if user is not None and not user.role.includes(Role.CURATOR):
        raise Forbidden(f"curating daily lists needs the curator role; you are a {user.role.value}")


def _log(
    connection: Connection,
    entry: DailyEntry,
    curator: User | None,
    action: CurationAction,
    *,
    now: datetime,
    reason: str | None = None,
    detail: str | None = None,
) -> None:
    log_store.insert_curation_event(
        connection,
        day=entry.day,
        paper_id=entry.paper.id,
        actor_id=curator.id if curator else None,
        action=action,
        reason=reason,
        detail=detail,
        now=now,
    )


def _describe(entry: DailyEntry) -> str:
    """What a removed entry was, for the log."""
    parts = [f"added {entry.added_at:%Y-%m-%d %H:%M} UTC"]
    if entry.submitted_by:
        parts.append(f"submitted by @{entry.submitted_by.username}")
    elif entry.submitter_name:
        parts.append(f"submitted by {entry.submitter_name} (imported)")
    if entry.pinned:
        parts.append(f"pinned at {entry.position}" if entry.position else "pinned")
    if entry.comment:
        parts.append(f"comment: {entry.comment}")
    return "; ".join(parts)


def _name(user: User | None) -> str:
    return user.username if user else "the operator"
