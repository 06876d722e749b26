"""Writing papers in batches: insert the new, update the changed, leave the unchanged untouched.

Built for bulk imports: one round trip per table per batch, so the cost is per batch, not per paper.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime

from sqlalchemy import Connection, Integer, bindparam, delete, func, insert, select, update

from dailypapers.db.dialect import greatest
from dailypapers.db.schema import paper_authors, paper_categories, papers
from dailypapers.domain.authors import author_key
from dailypapers.domain.paper_merge import merge_paper, merge_records, with_found_code_link
from dailypapers.domain.papers import PaperRecord
from dailypapers.store.papers import load_authors, load_categories
from dailypapers.store.trending_writes import refresh_trending_bases

_SCALAR_FIELDS = tuple(field.name for field in fields(PaperRecord) if field.name not in ("authors", "categories"))


@dataclass(frozen=True, slots=True)
class UpsertResult:
    paper_ids: dict[str, int]  # arXiv id -> row id, for every record given
    inserted: int
    updated: int
    unchanged: int


def upsert_papers(connection: Connection, records: Sequence[PaperRecord], *, now: datetime) -> UpsertResult:
    grouped: dict[str, list[PaperRecord]] = {}
    for record in records:
        grouped.setdefault(record.arxiv_id, []).append(_normalised(record))
    incoming = {arxiv_id: merge_records(group) for arxiv_id, group in grouped.items()}
    stored = _load_records(connection, arxiv_ids=list(incoming))

    new = [with_found_code_link(record) for arxiv_id, record in incoming.items() if arxiv_id not in stored]
    changed: list[tuple[int, PaperRecord, PaperRecord]] = []
    for arxiv_id, record in incoming.items():
        if arxiv_id in stored:
            paper_id, before, links_edited = stored[arxiv_id]
            after = merge_paper(before, record, links_edited=links_edited)
            after = after if links_edited else with_found_code_link(after)
            if after != before:
                changed.append((paper_id, before, after))

    paper_ids = {arxiv_id: paper_id for arxiv_id, (paper_id, _, _) in stored.items()}
    paper_ids.update(_insert(connection, new, now=now))
    _update(connection, changed, now=now)
    return UpsertResult(paper_ids, inserted=len(new), updated=len(changed), unchanged=len(stored) - len(changed))


def raise_imported_counts(connection: Connection, *, counts: Mapping[int, tuple[int, int]]) -> None:
    """Raise each paper's imported (upvotes, comments) to the given values when they are higher.

    The live counts hold local + the larger of imported and upstream, and move by that larger one's change in the
    same statement, so local votes are never lost and one crowd is never counted twice; the trending key swaps its
    outside term for the new one.
    """
    if not counts:
        return
    for column, upstream, total, index in (
        (papers.c.imported_upvote_count, papers.c.upstream_upvote_count, papers.c.upvote_count, 0),
        (papers.c.imported_comment_count, papers.c.upstream_comment_count, papers.c.comment_count, 1),
    ):
        value = bindparam("value", type_=Integer)
        floor = func.coalesce(upstream, 0)
        moved = greatest(connection, value, floor) - greatest(connection, column, floor)
        statement = (
            update(papers)
            .where(papers.c.id == bindparam("paper_id"), column < value)
            .values({total: total + moved, column: value})
        )
        rows = [{"paper_id": paper_id, "value": values[index]} for paper_id, values in counts.items()]
        connection.execute(statement, rows)
    refresh_trending_bases(connection, paper_ids=counts)


def _normalised(record: PaperRecord) -> PaperRecord:
    # Categories are a set; stored sorted, so compare sorted.
    return replace(record, categories=tuple(sorted(set(record.categories))))


def _load_records(connection: Connection, *, arxiv_ids: list[str]) -> dict[str, tuple[int, PaperRecord, bool]]:
    """arXiv id -> (row id, stored record, whether a person set its links)."""
    rows = connection.execute(
        select(papers.c.id, papers.c.links_edited_at, *(papers.c[name] for name in _SCALAR_FIELDS)).where(
            papers.c.arxiv_id.in_(arxiv_ids)
        )
    ).all()
    if not rows:
        return {}
    ids = [row.id for row in rows]
    authors = load_authors(connection, paper_ids=ids)
    categories = load_categories(connection, paper_ids=ids)
    result = {}
    for row in rows:
        values = {name: row._mapping[name] for name in _SCALAR_FIELDS}
        record = PaperRecord(
            **values, authors=tuple(authors.get(row.id, ())), categories=tuple(categories.get(row.id, ()))
        )
        result[record.arxiv_id] = (row.id, record, row.links_edited_at is not None)
    return result


def _insert(connection: Connection, records: list[PaperRecord], *, now: datetime) -> dict[str, int]:
    if not records:
        return {}
    rows = [{**_scalars(record), "created_at": now, "updated_at": now} for record in records]
    returned = connection.execute(insert(papers).returning(papers.c.id, papers.c.arxiv_id), rows).all()
    ids = {arxiv_id: paper_id for paper_id, arxiv_id in returned}
    _insert_lists(connection, [(ids[record.arxiv_id], record) for record in records])
    return ids


def _update(connection: Connection, changed: list[tuple[int, PaperRecord, PaperRecord]], *, now: datetime) -> None:
    if not changed:
        return
    statement = (
        update(papers)
        .where(papers.c.id == bindparam("paper_id"))
        .values({name: bindparam(name) for name in (*_SCALAR_FIELDS, "updated_at")})
    )
    connection.execute(
        statement,
        [{**_scalars(after), "paper_id": paper_id, "updated_at": now} for paper_id, _, after in changed],
    )
    restarred = [paper_id for paper_id, before, after in changed if before.github_stars != after.github_stars]
    refresh_trending_bases(connection, paper_ids=restarred)  # stars are part of a paper's trending score
    relisted = [
        (paper_id, after)
        for paper_id, before, after in changed
        if (before.authors, before.categories) != (after.authors, after.categories)
    ]
    if relisted:
        relisted_ids = [paper_id for paper_id, _ in relisted]
        connection.execute(delete(paper_authors).where(paper_authors.c.paper_id.in_(relisted_ids)))
        connection.execute(delete(paper_categories).where(paper_categories.c.paper_id.in_(relisted_ids)))
        _insert_lists(connection, relisted)


def _insert_lists(connection: Connection, papers_with_ids: list[tuple[int, PaperRecord]]) -> None:
    author_rows = [
        {"paper_id": paper_id, "position": position, "name": name, "name_key": author_key(name)}
        for paper_id, record in papers_with_ids
        for position, name in enumerate(record.authors)
    ]
    category_rows = [
        {"paper_id": paper_id, "category": category}
        for paper_id, record in papers_with_ids
        for category in record.categories
    ]
    if author_rows:
        connection.execute(insert(paper_authors), author_rows)
    if category_rows:
        connection.execute(insert(paper_categories), category_rows)


def _scalars(record: PaperRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in _SCALAR_FIELDS}
