"""Bringing a member's library in: a BibTeX file (Zotero, Mendeley, Google Scholar…) into one of their collections.

Each entry is matched to an indexed paper by its arXiv id, else its DOI, else its title; an arXiv id not indexed
here is looked up on arXiv when the instance allows lookups. The report lists what matched (and how), what did not,
and each malformed entry with its line. Lookups happen before the one transaction that adds the papers, so a slow
arXiv never holds a lock, and a failure adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from dailypapers.db.engine import Database
from dailypapers.domain.collections import MAX_ITEMS, title_key
from dailypapers.services.collections import require_own
from dailypapers.services.errors import InvalidInput
from dailypapers.services.paper_lookup import LookupUnavailable, PaperFetcher, find_or_fetch_paper
from dailypapers.sources.bibtex_files import BibReference, EntryProblem, UnreadableFile, decode_bibtex, read_bibtex
from dailypapers.store import collection_writes, paper_matches
from dailypapers.store import collections as collections_store
from dailypapers.store.papers import list_titles

MAX_LOOKUPS = 25  # arXiv asks for a request every 3 s: an import waits at most about a minute and a quarter


class MatchedBy(StrEnum):
    ARXIV_ID = "arxiv_id"
    DOI = "doi"
    TITLE = "title"
    LOOKUP = "arxiv_lookup"  # not indexed until this import looked it up on arXiv


@dataclass(frozen=True, slots=True)
class MatchedEntry:
    line: int
    key: str
    arxiv_id: str
    title: str
    matched_by: MatchedBy
    added: bool  # False: the collection held it already (or it appeared earlier in the file)


@dataclass(frozen=True, slots=True)
class UnmatchedEntry:
    line: int
    key: str
    title: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    matched: list[MatchedEntry] = field(default_factory=list)
    unmatched: list[UnmatchedEntry] = field(default_factory=list)
    malformed: list[EntryProblem] = field(default_factory=list)

    @property
    def added_count(self) -> int:
        return sum(1 for entry in self.matched if entry.added)


def import_bibtex(
    db: Database,
    *,
    collection_id: int,
    user_id: int,
    data: bytes,
    fetcher: PaperFetcher | None,
    now: datetime,
) -> ImportReport:
    """Add the file's papers to the member's collection; an unreadable file (too large, not text) adds nothing."""
    with db.reading() as connection:
        require_own(connection, collection_id, user_id)
    try:
        parsed = read_bibtex(decode_bibtex(data))
    except UnreadableFile as error:
        raise InvalidInput({"file": str(error)}) from None
    found, missing = _match(db, parsed.references)
    found, looked_up, unmatched = _look_up(db, missing, found, fetcher=fetcher, now=now)
    with db.transaction() as connection:
        require_own(connection, collection_id, user_id)
        paper_ids = list(dict.fromkeys(paper_id for _, paper_id, _ in found))
        held = collections_store.list_papers_in(connection, collection_id=collection_id, paper_ids=paper_ids)
        new = [paper_id for paper_id in paper_ids if paper_id not in held]
        room = MAX_ITEMS - len(collections_store.list_item_positions(connection, collection_id=collection_id))
        if len(new) > room:
            raise InvalidInput(
                {
                    "file": f"the file adds {len(new)} papers; this collection has room for {max(room, 0)} more "
                    f"(at most {MAX_ITEMS})"
                }
            )
        collection_writes.insert_items(connection, collection_id=collection_id, paper_ids=new, note="", now=now)
        if new:
            collection_writes.touch_collection(connection, collection_id=collection_id, now=now)
        titles = list_titles(connection, paper_ids=paper_ids)
        arxiv_ids = paper_matches.list_arxiv_ids(connection, paper_ids=paper_ids)
    fresh = set(new)
    matched = []
    for reference, paper_id, how in sorted(found, key=lambda item: item[0].line):
        matched.append(
            MatchedEntry(
                reference.line,
                reference.key,
                arxiv_ids[paper_id],
                titles[paper_id],
                MatchedBy.LOOKUP if paper_id in looked_up and how is MatchedBy.ARXIV_ID else how,
                paper_id in fresh,
            )
        )
        fresh.discard(paper_id)
    unmatched.sort(key=lambda entry: entry.line)
    return ImportReport(matched, unmatched, parsed.problems)


Found = list[tuple[BibReference, int, MatchedBy]]


def _match(db: Database, references: list[BibReference]) -> tuple[Found, list[BibReference]]:
    """Each reference's paper, by arXiv id, then DOI, then title; the references none of them found."""
    with db.reading() as connection:
        by_arxiv = paper_matches.match_arxiv_ids(connection, arxiv_ids=[r.arxiv_id for r in references if r.arxiv_id])
        by_doi = paper_matches.match_dois(connection, dois=[r.doi for r in references if r.doi])
        rest = [r for r in references if by_arxiv.get(r.arxiv_id or "") is None and by_doi.get(r.doi or "") is None]
        by_title = paper_matches.match_titles(connection, keys=[title_key(r.title) for r in rest if r.title])
    found: Found = []
    missing = []
    for reference in references:
        if reference.arxiv_id and reference.arxiv_id in by_arxiv:
            found.append((reference, by_arxiv[reference.arxiv_id], MatchedBy.ARXIV_ID))
        elif reference.doi and reference.doi in by_doi:
            found.append((reference, by_doi[reference.doi], MatchedBy.DOI))
        elif reference.title and title_key(reference.title) in by_title:
            found.append((reference, by_title[title_key(reference.title)], MatchedBy.TITLE))
        else:
            missing.append(reference)
    return found, missing


def _look_up(
    db: Database, missing: list[BibReference], found: Found, *, fetcher: PaperFetcher | None, now: datetime
) -> tuple[Found, set[int], list[UnmatchedEntry]]:
    looked_up: set[int] = set()
    unmatched = []
    lookups = 0
    for reference in missing:
        if reference.arxiv_id is None:
            unmatched.append(_unmatched(reference, "no paper indexed here has this DOI or title"))
        elif fetcher is None:
            unmatched.append(_unmatched(reference, f"arXiv {reference.arxiv_id} is not indexed here"))
        elif lookups >= MAX_LOOKUPS:
            unmatched.append(
                _unmatched(
                    reference,
                    f"arXiv {reference.arxiv_id} is not indexed here; import the file again to "
                    f"look up the next {MAX_LOOKUPS}",
                )
            )
        else:
            lookups += 1
            try:
                paper = find_or_fetch_paper(db, arxiv_id=reference.arxiv_id, fetcher=fetcher, now=now)
            except LookupUnavailable as error:
                unmatched.append(_unmatched(reference, f"arXiv {reference.arxiv_id} could not be looked up: {error}"))
                continue
            if paper is None:
                unmatched.append(_unmatched(reference, f"arXiv has no paper {reference.arxiv_id}"))
            else:
                found.append((reference, paper.id, MatchedBy.ARXIV_ID))
                looked_up.add(paper.id)
    return found, looked_up, unmatched


def _unmatched(reference: BibReference, reason: str) -> UnmatchedEntry:
    return UnmatchedEntry(reference.line, reference.key, reference.title, reason)
