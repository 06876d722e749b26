"""Harvesting arXiv through OAI-PMH: each set's `ListRecords`, page after page, merged into the papers the same way
imports are (a newer version updates a paper; harvesting again changes nothing).

Each page is one transaction holding its papers, its deletions and the resumption token that follows it, so a run
stopped at any point (a long `Retry-After`, arXiv down, SIGKILL) leaves whole pages only, and the next run resumes
at the token after the last page applied, or, when arXiv no longer knows the token, starts the list again: merging
a page twice changes nothing, so every record ends up stored exactly once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dailypapers.db.engine import Database
from dailypapers.domain.categories import CategoryFilter
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.settings import Settings
from dailypapers.sources.arxiv_api import ArxivUnavailable
from dailypapers.sources.arxiv_oai import OaiPage, RecordProblem
from dailypapers.sources.arxiv_oai_client import ArxivOaiClient
from dailypapers.store.harvest_writes import delete_papers, finish_harvest_run, record_harvest_page, start_harvest_run
from dailypapers.store.harvests import HarvestState, get_harvest_state, list_harvest_states
from dailypapers.store.paper_writes import upsert_papers

log = logging.getLogger(__name__)


class HarvestRefused(Exception):
    """arXiv refused the list's arguments (an unknown set, a bad date): a setting or an option to correct."""


class HarvestStopped(Exception):
    """arXiv made a run stop before its lists ended (a long pause, repeated failures); the next run resumes."""


@dataclass(frozen=True, slots=True)
class HarvestProgress:
    set_spec: str
    records_done: int  # in this set's list, pages applied before this run included
    complete_list_size: int | None
    records_this_run: int


@dataclass(slots=True)
class HarvestReport:
    pages: int = 0
    records: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    filtered: int = 0  # outside DAILYPAPERS_HARVEST_CATEGORIES
    skipped: int = 0  # malformed records, reported
    completed_sets: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the run ended before its lists did; the next run resumes there

    def summary(self) -> str:
        line = (
            f"{self.records:,} records in {self.pages:,} page{'' if self.pages == 1 else 's'}: "
            f"{self.inserted:,} new papers, "
            f"{self.updated:,} updated, {self.unchanged:,} unchanged, {self.deleted:,} deleted, "
            f"{self.filtered:,} outside the categories, {self.skipped:,} skipped"
        )
        return line + (f"; stopped: {self.stopped}" if self.stopped else "")


@dataclass(frozen=True, slots=True)
class HarvestOptions:
    sets: Sequence[str]
    from_day: date | None = None  # None: from where the last complete run ended
    until_day: date | None = None
    categories: CategoryFilter = field(default_factory=CategoryFilter)
    start_days: int = 7  # a first run without from_day starts this many days back


def open_oai_client(settings: Settings) -> ArxivOaiClient:
    return ArxivOaiClient(settings.arxiv_oai_url, site_url=settings.base_url, min_interval=settings.arxiv_min_interval)


def harvest_options(
    settings: Settings, *, from_day: date | None = None, until_day: date | None = None, sets: Sequence[str] = ()
) -> HarvestOptions:
    return HarvestOptions(
        sets=list(sets) or settings.harvest_set_list,
        from_day=from_day,
        until_day=until_day,
        categories=settings.harvest_category_filter,
        start_days=settings.harvest_start_days,
    )


def harvest_papers(
    db: Database,
    client: ArxivOaiClient,
    options: HarvestOptions,
    *,
    on_progress: Callable[[HarvestProgress], None] | None = None,
    on_problem: Callable[[RecordProblem], None] | None = None,
    clock: Clock = utc_now,
) -> HarvestReport:
    """Harvest each set to the end of its list; `report.stopped` says why when arXiv made the run stop early.
    Raises HarvestRefused when arXiv rejects the arguments."""
    if options.from_day and options.until_day and options.until_day < options.from_day:
        raise HarvestRefused(f"--until {options.until_day} is before --from {options.from_day}")
    report = HarvestReport()
    for set_spec in options.sets:
        harvest = _SetHarvest(db, client, options, set_spec, report, on_progress, on_problem, clock)
        try:
            harvest.run()
        except ArxivUnavailable as error:
            report.stopped = str(error)
            break
        report.completed_sets.append(set_spec)
    return report


def list_harvests(db: Database) -> list[HarvestState]:
    with db.reading() as connection:
        return list_harvest_states(connection)


class _SetHarvest:
    """One set's list, from its first page or the one after the last page applied."""

    def __init__(
        self,
        db: Database,
        client: ArxivOaiClient,
        options: HarvestOptions,
        set_spec: str,
        report: HarvestReport,
        on_progress: Callable[[HarvestProgress], None] | None,
        on_problem: Callable[[RecordProblem], None] | None,
        clock: Clock,
    ) -> None:
        self.db, self.client, self.options, self.set_spec = db, client, options, set_spec
        self.report, self.on_progress, self.on_problem, self.clock = report, on_progress, on_problem, clock
        self.records_this_run = 0

    def run(self) -> None:
        with self.db.reading() as connection:
            state = get_harvest_state(connection, set_spec=self.set_spec)
        run_from, run_until = self._arguments(state)
        token: str | None
        started_at: datetime | None
        if state is not None and state.run_from == run_from and state.run_until == run_until and state.resumption_token:
            token, done, started_at = state.resumption_token, state.records_done, state.run_started_at
            log.info("harvest %s: resuming after %d records", self.set_spec, done)
        else:
            token, done, started_at = self._restart(run_from, run_until)
        restarted = False
        # The next page is fetched and parsed in a thread while this one is written: still one request at a time,
        # spaced as before, and never more than two pages in memory.

        def fetch(token: str | None) -> _Prefetch:
            return _Prefetch(
                lambda: self.client.list_records(
                    set_spec=self.set_spec, from_day=run_from, until_day=run_until, resumption_token=token
                )
            )

        pending = fetch(token)
        while True:
            page = pending.result()
            codes = {error.code for error in page.errors}
            if "badResumptionToken" in codes and token is not None and not restarted:
                # Tokens expire (arXiv keeps them for a while only): the list is asked again from its start.
                log.warning(
                    "harvest %s: arXiv no longer knows the resumption token; starting the list again",
                    self.set_spec,
                )
                token, done, started_at = self._restart(run_from, run_until)
                restarted = True
                pending = fetch(token)
                continue
            if codes == {"noRecordsMatch"}:
                # Nothing was added or changed in the range: the range is complete.
                page = OaiPage(response_date=page.response_date)
            elif page.errors:
                detail = "; ".join(f"{error.code}: {error.message}" for error in page.errors)
                raise HarvestRefused(f"arXiv OAI-PMH refused the list of set {self.set_spec!r}: {detail}")
            token = page.resumption_token
            if token is not None:
                pending = fetch(token)
            started_at = started_at or page.response_date or self.clock()
            done += page.record_count
            self._apply(page, run_until=run_until, started_at=started_at, records_done=done, state=state)
            if self.on_progress is not None:
                self.on_progress(HarvestProgress(self.set_spec, done, page.complete_list_size, self.records_this_run))
            if token is None:
                return

    def _arguments(self, state: HarvestState | None) -> tuple[date, date | None]:
        options = self.options
        if options.from_day is not None:
            return options.from_day, options.until_day
        if state is not None and state.run_from is not None and state.run_until == options.until_day:
            return state.run_from, state.run_until  # the list under way
        if state is not None and state.harvested_through is not None:
            return state.harvested_through, options.until_day
        return self.clock().date() - timedelta(days=options.start_days), options.until_day

    def _restart(self, run_from: date, run_until: date | None) -> tuple[None, int, None]:
        with self.db.transaction() as connection:
            start_harvest_run(
                connection, set_spec=self.set_spec, run_from=run_from, run_until=run_until, now=self.clock()
            )
        return None, 0, None

    def _apply(
        self,
        page: OaiPage,
        *,
        run_until: date | None,
        started_at: datetime,
        records_done: int,
        state: HarvestState | None,
    ) -> None:
        kept = [paper for paper in page.papers if self.options.categories.keeps(paper.categories)]
        now = self.clock()
        with self.db.transaction() as connection:
            result = upsert_papers(connection, kept, now=now)
            deleted = delete_papers(connection, arxiv_ids=page.deleted)
            record_harvest_page(
                connection,
                set_spec=self.set_spec,
                run_started_at=started_at,
                resumption_token=page.resumption_token,
                records_done=records_done,
                complete_list_size=page.complete_list_size,
                now=now,
            )
            if page.resumption_token is None:
                # Through the list's last day: the given end, else the day arXiv started answering it. The next run
                # asks again from that day (inclusive), so records arXiv stamped later that day are not missed.
                through = run_until or started_at.date()
                earlier = state.harvested_through if state is not None else None
                finish_harvest_run(
                    connection,
                    set_spec=self.set_spec,
                    harvested_through=max(through, earlier) if earlier else through,
                    now=now,
                )
        report = self.report  # counted once the transaction has committed
        report.pages += 1
        report.records += page.record_count
        self.records_this_run += page.record_count
        report.inserted += result.inserted
        report.updated += result.updated
        report.unchanged += result.unchanged
        report.deleted += deleted
        report.filtered += len(page.papers) - len(kept)
        report.skipped += len(page.problems)
        for problem in page.problems:
            log.warning("harvest %s: skipped %s", self.set_spec, problem)
            if self.on_problem is not None:
                self.on_problem(problem)


class _Prefetch:
    """One page asked for in a daemon thread: an interrupted run (Ctrl-C) is not held up by a request in flight, or
    by the pause arXiv asked for before it."""

    def __init__(self, ask: Callable[[], OaiPage]) -> None:
        self._done = threading.Event()
        self._page: OaiPage | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, args=(ask,), name="harvest-fetch", daemon=True).start()

    def _run(self, ask: Callable[[], OaiPage]) -> None:
        try:
            self._page = ask()
        except BaseException as error:  # handed to the harvesting thread, which decides
            self._error = error
        finally:
            self._done.set()

    def result(self) -> OaiPage:
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._page is not None
        return self._page
