"""`dailypapers export`: everything needed to move an instance to another server, as one gzipped JSON-lines file
that `dailypapers import` reads back into an empty instance.

What goes: papers with their authors and categories, daily lists (positions, submitters), the curation log, votes,
comments, author claims, collections, follows, saved searches, dismissals, and the members who made them. What
stays: sessions, API tokens, password links, rate-limit counters, job state and leases (the new instance starts its
own), and what is rebuilt from the rest (the keyword index, by triggers; embeddings, by `dailypapers index`).

Members' addresses and password hashes, and the email subscriptions, go only with `include_private`. Without it
each member keeps their id, username, display name and role, so their content stays theirs, under a placeholder
address that cannot receive mail (`member-<id>@export.invalid`) and no password; `dailypapers user reattach`
gives the account back to its owner's address (docs/decisions.md).
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from dailypapers.db.engine import Database
from dailypapers.db.migrate import current_revision
from dailypapers.domain.clock import utc_now
from dailypapers.store.instance_rows import get_table, iterate_rows

FORMAT_KEY = "dailypapers_export"
FORMAT_VERSION = 1
PLACEHOLDER_DOMAIN = "export.invalid"  # RFC 2606: `.invalid` names no host, so nothing is ever delivered there

# Parents before children, so the rows go back in the same order.
PUBLIC_TABLES = (
    "imported_files",
    "papers",
    "paper_authors",
    "paper_categories",
    "users",
    "daily_entries",
    "curation_events",
    "votes",
    "comments",
    "author_claims",
    "collections",
    "collection_items",
    "follows",
    "saved_searches",
    "dismissals",
    # Where the arXiv harvest stands: the moved instance goes on from the same day (a stale resumption token is
    # refused by arXiv as badResumptionToken and the list restarts from that day).
    "harvest_states",
    # Code links as people set them, and the stars GitHub reported day by day (a history no refresh can remake).
    "paper_link_changes",
    "code_repos",
    "code_repo_stars",
    # Papers members asked to index, still waiting for the worker.
    "index_requests",
    # What the followed upstream said of its papers, and the days pulled to the end (the next pull goes on from them).
    "upstream_papers",
    "upstream_days",
)
PRIVATE_TABLES = ("subscriptions", "subscription_topics", "digests", "digest_papers")
# What stays behind: the running instance's own state, and what is rebuilt from the rows that move.
LEFT_BEHIND = {
    "sessions": "sign-ins end with the move",
    "api_tokens": "secrets of the old instance; members make new ones",
    "feed_tokens": "secrets of the old instance; members make new private feed links",
    "password_tokens": "emailed links of the old instance",
    "rate_limits": "counters of recent attempts",
    "leases": "who runs a job on the old instance",
    "job_runs": "the new instance's worker keeps its own",
    "keyword_changes": "written by the keyword index's triggers as the papers arrive",
    "search_counters": "numbered afresh by the new instance",
    "paper_embeddings": "made again by `dailypapers index`",
    "similar_papers": "worked out again by `dailypapers index` from the embeddings",
}


@dataclass(frozen=True, slots=True)
class ExportReport:
    path: Path
    row_counts: dict[str, int]
    include_private: bool


def placeholder_email(user_id: int) -> str:
    return f"member-{user_id}@{PLACEHOLDER_DOMAIN}"


def export_instance(db: Database, *, target: Path, include_private: bool) -> ExportReport:
    """Write the instance to `target` (gzipped JSON lines) from one read snapshot, under a temporary name renamed
    into place when complete."""
    tables = PUBLIC_TABLES + (PRIVATE_TABLES if include_private else ())
    counts: dict[str, int] = {}
    partial = target.with_name(f".{target.name}.partial")
    try:
        with (
            gzip.open(partial, "wt", encoding="utf-8") as out,
            db.snapshot() as connection,
        ):
            _write(
                out,
                {
                    FORMAT_KEY: FORMAT_VERSION,
                    "schema": current_revision(db.engine),
                    "created_at": utc_now().isoformat(),
                    "include_private": include_private,
                    "tables": list(tables),
                },
            )
            for name in tables:
                redact = _redact_user if name == "users" and not include_private else None
                counts[name] = 0
                for row in iterate_rows(connection, table=get_table(name)):
                    _write(out, {"table": name, "row": encode_row(redact(row) if redact else row)})
                    counts[name] += 1
            _write(out, {"end": counts})
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return ExportReport(target, counts, include_private)


def _redact_user(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "email": placeholder_email(row["id"]), "password_hash": None, "email_confirmed_at": None}


def _write(out: IO[str], record: Mapping[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


def encode_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """JSON values: times and dates as ISO 8601 text, bytes as base64; the importer reads them back by the
    column's type."""
    return {name: _encode(value) for name, value in row.items()}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def is_instance_export(path: Path) -> bool:
    """Whether the file starts like an export (its first line names the format)."""
    try:
        with open_export(path) as lines:
            first = next(lines, "")
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile):
        return False
    try:
        header = json.loads(first)
    except ValueError:
        return False
    return isinstance(header, dict) and FORMAT_KEY in header


def open_export(path: Path) -> _Lines:
    return _Lines(path)


class _Lines:
    """The file's lines, gzipped or not (detected by its first bytes)."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as probe:
            gzipped = probe.read(2) == b"\x1f\x8b"
        opener: Callable[..., IO[str]] = gzip.open if gzipped else open
        self._file = opener(path, "rt", encoding="utf-8")

    def __enter__(self) -> Iterator[str]:
        return iter(self._file)

    def __exit__(self, *_: object) -> None:
        self._file.close()
