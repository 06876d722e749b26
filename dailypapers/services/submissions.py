"""Members submitting papers to today's list, under the instance's rules (age, daily cap, weekends, no duplicates).

An unknown paper is looked up on arXiv outside any transaction. The cap and the duplicate check are made again
inside the write, under the member's row lock and the (day, paper) unique key, so concurrent submits hold both.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection

from dailypapers.db.engine import Database
from dailypapers.domain.arxiv_ids import InvalidArxivId, parse_arxiv_id
from dailypapers.domain.papers import DailyEntry, Paper
from dailypapers.domain.submissions import SubmissionRules, clean_comment
from dailypapers.domain.users import InvalidField, Role, User
from dailypapers.services.errors import InvalidInput, Refusal, Refused
from dailypapers.services.paper_lookup import LookupUnavailable, PaperFetcher, find_or_fetch_paper
from dailypapers.store import daily as daily_store
from dailypapers.store import daily_writes
from dailypapers.store import papers as papers_store
from dailypapers.store import users as users_store

log = logging.getLogger(__name__)
ARXIV_RETRY_AFTER = 60  # seconds, when arXiv itself did not say


@dataclass(frozen=True, slots=True)
class SubmissionStatus:
    """What the submit form tells a member before they paste anything."""

    day: date
    is_open: bool
    submitted_count: int
    daily_cap: int | None  # None: no cap for this member


def get_submission_status(db: Database, *, user: User, rules: SubmissionRules, now: datetime) -> SubmissionStatus:
    day = rules.local_day(now)
    with db.reading() as connection:
        count = daily_store.count_member_entries(connection, user_id=user.id, day=day)
    cap = rules.daily_cap if rules.daily_cap and not _is_exempt(user) else None
    return SubmissionStatus(day=day, is_open=rules.is_open_on(day), submitted_count=count, daily_cap=cap)


def submit_paper(
    db: Database,
    *,
    text: str,
    comment: str | None,
    user: User,
    fetcher: PaperFetcher | None,
    rules: SubmissionRules,
    now: datetime,
) -> DailyEntry:
    """Put the paper `text` names on today's list as `user`'s submission; Refused says which rule stood in the way,
    InvalidInput what to fix in the form. Nothing is written unless the entry is."""
    arxiv_id = parse_submitted_id(text)
    comment = parse_comment(comment)
    day = rules.local_day(now)
    if not rules.is_open_on(day):
        raise Refused(Refusal.SUBMISSIONS_CLOSED, "Submissions are closed at weekends here; they open on Monday.")
    capped = not _is_exempt(user)
    # Quick refusals first: no arXiv request for a paper that could not be added anyway.
    with db.reading() as connection:
        if capped:
            _check_cap(connection, user=user, rules=rules, day=day, now=now)
        known = papers_store.get_paper(connection, arxiv_id=arxiv_id)
        if known is not None and daily_store.get_daily_entry(connection, day=day, paper_id=known.id):
            raise already_on_list(arxiv_id, day=day, today=True)
    paper = known or find_paper_to_list(db, arxiv_id=arxiv_id, fetcher=fetcher, now=now)
    if rules.is_too_old(paper.published_at, day=day):
        assert paper.published_at is not None
        age = (day - rules.local_day(paper.published_at)).days
        raise Refused(
            Refusal.PAPER_TOO_OLD,
            f"{arxiv_id} was published on arXiv on {paper.published_at:%d %B %Y}, {age} days ago; "
            f"papers here may be at most {rules.max_age_days} days old.",
        )
    with db.transaction() as connection:
        if capped:
            users_store.lock_user(connection, user_id=user.id)
            _check_cap(connection, user=user, rules=rules, day=day, now=now)
        entry = add_entry(connection, day=day, paper=paper, member_id=user.id, comment=comment, now=now, today=True)
    log.info("%s submitted %s to the list of %s", user.username, arxiv_id, day)
    return entry


def parse_submitted_id(text: str) -> str:
    """The bare arXiv id in what was pasted; InvalidInput when it names no paper."""
    if not text.strip():
        raise InvalidInput({"arxiv_id": "Paste an arXiv id or link, such as 2406.01234 or arxiv.org/abs/2406.01234."})
    try:
        return parse_arxiv_id(text).id
    except InvalidArxivId as error:
        raise InvalidInput({"arxiv_id": f"{error}. Paste an id such as 2406.01234, or an arxiv.org link."}) from None


def parse_comment(text: str | None) -> str | None:
    try:
        return clean_comment(text)
    except InvalidField as error:
        raise InvalidInput({error.field: error.message}) from None


def find_paper_to_list(db: Database, *, arxiv_id: str, fetcher: PaperFetcher | None, now: datetime) -> Paper:
    """The paper from the index, or from arXiv (and indexed); Refused when neither has it or arXiv cannot say."""
    try:
        paper = find_or_fetch_paper(db, arxiv_id=arxiv_id, fetcher=fetcher, now=now)
    except LookupUnavailable as error:
        wait = round(error.retry_after) if error.retry_after else ARXIV_RETRY_AFTER
        raise Refused(
            Refusal.ARXIV_UNAVAILABLE,
            f"{arxiv_id} is not indexed here yet, and {error}. Try again later.",
            retry_after=max(1, wait),
        ) from None
    if paper is None:
        where = "arXiv has no paper" if fetcher is not None else "This site looks nothing up on arXiv, and has no paper"
        raise Refused(Refusal.UNKNOWN_PAPER, f"{where} {arxiv_id}.")
    return paper


def add_entry(
    connection: Connection,
    *,
    day: date,
    paper: Paper,
    member_id: int | None,
    comment: str | None,
    now: datetime,
    today: bool = False,
) -> DailyEntry:
    """Insert the entry, or refuse when the paper is on that day's list already (perhaps by a concurrent request)."""
    entry_id = daily_writes.insert_daily_entry(
        connection, day=day, paper_id=paper.id, added_at=now, submitted_by=member_id, comment=comment
    )
    entry = daily_store.get_daily_entry(connection, day=day, paper_id=paper.id)
    if entry_id is None or entry is None:
        raise already_on_list(paper.arxiv_id, day=day, today=today)
    return entry


def already_on_list(arxiv_id: str, *, day: date, today: bool) -> Refused:
    where = "today's list" if today else f"the list of {day:%d %B %Y}"
    return Refused(Refusal.ALREADY_ON_LIST, f"{arxiv_id} is already on {where}.")


def _check_cap(connection: Connection, *, user: User, rules: SubmissionRules, day: date, now: datetime) -> None:
    count = daily_store.count_member_entries(connection, user_id=user.id, day=day)
    if rules.is_cap_reached(count):
        raise Refused(
            Refusal.DAILY_CAP_REACHED,
            f"You have submitted {count} papers today, the most a member may submit in a day here; "
            "you can submit more tomorrow.",
            retry_after=rules.seconds_until_tomorrow(now),
        )


def _is_exempt(user: User) -> bool:
    return user.role.includes(Role.CURATOR)
