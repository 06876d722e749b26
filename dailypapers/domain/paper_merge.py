"""How a new record about a known paper changes it: the rules that make imports idempotent and order-free.

- A record of an older arXiv version than the one stored does not overwrite arXiv metadata; when a source gives no
  version (OAI-PMH's arXiv format does not), a record last updated before the stored one is the older.
- Fields a source leaves out (None or empty) keep what is stored.
- The publication time is the earliest any source gave; Daily Papers counts only grow.
- Links a curator or a verified author set are theirs: no source overwrites them.
- A paper without a code link gets the one its abstract or comment names (domain/code_links.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from dailypapers.domain.code_links import find_code_link
from dailypapers.domain.papers import PaperRecord

_ARXIV_FIELDS = (
    "title",
    "abstract",
    "authors",
    "categories",
    "primary_category",
    "comment",
    "journal_ref",
    "doi",
    "arxiv_updated_at",
)
_LINK_FIELDS = ("github_repo", "github_stars", "project_page", "organization")
_EDITED_LINK_FIELDS = ("github_repo", "project_page")  # what a person can set on the paper page


def merge_paper(stored: PaperRecord, incoming: PaperRecord, *, links_edited: bool = False) -> PaperRecord:
    """The paper after `incoming` is applied to `stored`; equal to `stored` when nothing changes. `links_edited`:
    a person set the stored code link and project page, which the source then does not change."""
    updates: dict[str, object] = {}
    older = _is_older(stored, incoming)
    if not older:
        updates.update(_present(incoming, _ARXIV_FIELDS))
    updates.update(_present(incoming, _LINK_FIELDS))
    if links_edited:
        for name in _EDITED_LINK_FIELDS:
            updates.pop(name, None)
    updates["version"] = _max(stored.version, incoming.version)
    updates["published_at"] = _earliest(stored.published_at, incoming.published_at)
    merged = replace(stored, **updates)  # type: ignore[arg-type]
    return merged


def _is_older(stored: PaperRecord, incoming: PaperRecord) -> bool:
    if incoming.version is not None and stored.version is not None:
        return incoming.version < stored.version
    was, now = stored.arxiv_updated_at, incoming.arxiv_updated_at
    return was is not None and now is not None and now < was


def with_found_code_link(record: PaperRecord) -> PaperRecord:
    """`record` with the code link its abstract or comment names, when no source gave one. Applied once a
    paper's records are merged with what is stored, so a link a source gave always wins over one found in text."""
    if record.github_repo:
        return record
    found = find_code_link(record.abstract, record.comment)
    return replace(record, github_repo=found) if found else record


def merge_records(records: list[PaperRecord]) -> PaperRecord:
    """Fold several records about one paper, in order, into one."""
    merged = records[0]
    for record in records[1:]:
        merged = merge_paper(merged, record)
    return merged


def _present(record: PaperRecord, names: tuple[str, ...]) -> dict[str, object]:
    values = {name: getattr(record, name) for name in names}
    return {name: value for name, value in values.items() if value not in (None, "", ())}


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else a if b is None else min(a, b)
