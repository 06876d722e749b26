"""Importing JSONL dumps: papers, and for Daily Papers exports the daily lists with their counts.

Each batch is one transaction, so an interrupted import keeps what it finished and a re-run completes
the rest; re-importing a file changes nothing. Bad lines are reported as they are met and skipped: each line is
judged alone, and a batch the database refuses is retried line by line, so the good lines of it are kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError

from dailypapers.db.engine import Database
from dailypapers.domain.clock import Clock, utc_now
from dailypapers.sources.jsonl import BadLine, Format, GoodLine, JsonlFile
from dailypapers.store.daily_writes import add_daily_entries
from dailypapers.store.imported_files import is_digest_imported, record_imported_file
from dailypapers.store.paper_writes import raise_imported_counts, upsert_papers

BATCH_SIZE = 2000
_KEPT_PROBLEMS = 1000  # the rest are counted, not kept: memory stays bounded on a file of garbage


@dataclass(frozen=True, slots=True)
class ImportProblem:
    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(slots=True)
class ImportReport:
    path: Path
    format: Format
    lines: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    daily_added: int = 0
    skipped: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def papers(self) -> int:
        return self.inserted + self.updated + self.unchanged


@dataclass(frozen=True, slots=True)
class ImportProgress:
    lines: int
    bytes_read: int
    bytes_total: int


def import_file(
    db: Database,
    *,
    path: Path,
    format: Format | None = None,
    batch_size: int = BATCH_SIZE,
    on_problem: Callable[[ImportProblem], None] | None = None,
    on_progress: Callable[[ImportProgress], None] | None = None,
    clock: Clock = utc_now,
) -> ImportReport:
    source = JsonlFile(path, format=format)
    report = ImportReport(path=path, format=source.format)
    for batch in _batches(iter(source), batch_size):
        now = clock()
        good: list[GoodLine] = []
        for item in batch:
            reason = item.reason if isinstance(item, BadLine) else _refuse_future(item, now=now)
            if reason is not None:
                _note_problem(report, ImportProblem(path, item.line, reason), on_problem)
            elif isinstance(item, GoodLine):
                good.append(item)
        report.lines = batch[-1].line
        if good:
            _import_lines(db, good, report, now=now, on_problem=on_problem)
        if on_progress is not None:
            on_progress(ImportProgress(report.lines, source.bytes_read, source.size))
    with db.transaction() as connection:
        record_imported_file(
            connection,
            sha256=file_digest(path),
            name=path.name,
            format=report.format,
            record_count=report.papers,
            skipped_count=report.skipped,
            imported_at=clock(),
        )
    return report


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_file_imported(db: Database, *, path: Path) -> bool:
    """Whether a file with these exact bytes was imported to the end before."""
    digest = file_digest(path)
    with db.reading() as connection:
        return is_digest_imported(connection, sha256=digest)


def _refuse_future(item: GoodLine, *, now: datetime) -> str | None:
    """Why a line dated past tomorrow is refused (a list's day and a publication are never ahead of the clock by
    more than a time zone), or None."""
    latest = now.date() + timedelta(days=1)
    if item.daily is not None and item.daily.day > latest:
        return f"daily date {item.daily.day} is in the future (the clock says {now.date()})"
    published = item.paper.published_at
    if published is not None and published.date() > latest:
        return f"publication date {published.date()} is in the future (the clock says {now.date()})"
    return None


def _import_lines(
    db: Database,
    good: list[GoodLine],
    report: ImportReport,
    *,
    now: datetime,
    on_problem: Callable[[ImportProblem], None] | None,
) -> None:
    """A batch in one transaction; if the database refuses it, each line alone, so one line the checks missed
    costs only itself and is reported with the database's reason."""
    try:
        _import_batch(db, good, report, now=now)
    except (StatementError, ArithmeticError, UnicodeError) as batch_error:
        if isinstance(batch_error, DBAPIError) and not isinstance(batch_error, DataError | IntegrityError):
            raise  # the database itself failed (locked, gone): nothing to blame on a line
        if len(good) == 1:
            reason = f"the database refused it: {_first_line(batch_error)}"
            _note_problem(report, ImportProblem(report.path, good[0].line, reason), on_problem)
            return
        for item in good:
            _import_lines(db, [item], report, now=now, on_problem=on_problem)


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0][:300] if str(original).strip() else type(original).__name__


def _import_batch(db: Database, good: list[GoodLine], report: ImportReport, *, now: datetime) -> None:
    with db.transaction() as connection:
        result = upsert_papers(connection, [item.paper for item in good], now=now)
        dailies = [item.daily for item in good if item.daily is not None]
        counts: dict[int, tuple[int, int]] = {}
        for daily in dailies:
            paper_id = result.paper_ids[daily.arxiv_id]
            upvotes, comments = counts.get(paper_id, (0, 0))
            counts[paper_id] = (max(upvotes, daily.upvote_count), max(comments, daily.comment_count))
        entries = [
            (daily.day, result.paper_ids[daily.arxiv_id], daily.added_at, daily.submitter_name) for daily in dailies
        ]
        # Counts first: the paper's trending term is then computed once, when its list entry makes it join.
        raise_imported_counts(connection, counts=counts)
        daily_added = add_daily_entries(connection, entries=entries)
    report.daily_added += daily_added  # counted once the transaction has committed
    report.inserted += result.inserted
    report.updated += result.updated
    report.unchanged += result.unchanged


def _note_problem(
    report: ImportReport, problem: ImportProblem, on_problem: Callable[[ImportProblem], None] | None
) -> None:
    report.skipped += 1
    if len(report.problems) < _KEPT_PROBLEMS:
        report.problems.append(problem)
    if on_problem is not None:
        on_problem(problem)


def _batches(items: Iterator[GoodLine | BadLine], size: int) -> Iterator[list[GoodLine | BadLine]]:
    while batch := list(islice(items, size)):
        yield batch
