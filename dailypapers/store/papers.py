"""Reading papers: by arXiv id, by row id, with their authors and categories."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import BindParameter, Connection, Row, Select, and_, bindparam, func, or_, select

from dailypapers.db.schema import daily_entries, paper_authors, paper_categories, papers
from dailypapers.domain.paper_cursors import PaperCursor
from dailypapers.domain.papers import Paper

_earliest_entry = daily_entries.alias("earliest_entry")
_first_daily_day = (
    select(func.min(_earliest_entry.c.day))
    .where(_earliest_entry.c.paper_id == papers.c.id)
    .correlate(papers)
    .scalar_subquery()
)
PAPER_COLUMNS = (*papers.c, _first_daily_day.label("first_daily_day"))
_ROW_FIELDS = tuple(field.name for field in fields(Paper) if field.name not in ("authors", "categories"))
# The reads a search page makes (and many others) are built once with the ids as one expanding parameter: building
# a statement and its cache key on every call cost two to three times as much as running it.
_IDS: BindParameter[int] = bindparam("ids", expanding=True)
_PAPERS_BY_IDS = select(*PAPER_COLUMNS).where(papers.c.id.in_(_IDS))
_AUTHORS_BY_IDS = (
    select(paper_authors.c.paper_id, paper_authors.c.name)
    .where(paper_authors.c.paper_id.in_(_IDS))
    .order_by(paper_authors.c.paper_id, paper_authors.c.position)
)
_CATEGORIES_BY_IDS = (
    select(paper_categories.c.paper_id, paper_categories.c.category)
    .where(paper_categories.c.paper_id.in_(_IDS))
    .order_by(paper_categories.c.paper_id, paper_categories.c.category)
)
_SORT_KEYS_BY_IDS = select(papers.c.id, papers.c.published_at, papers.c.upvote_count).where(papers.c.id.in_(_IDS))
_TITLES_BY_IDS = select(papers.c.id, papers.c.title).where(papers.c.id.in_(_IDS))
_TEXTS_BY_IDS = select(papers.c.title, papers.c.abstract).where(papers.c.id.in_(_IDS))


def get_paper(connection: Connection, *, arxiv_id: str) -> Paper | None:
    row = connection.execute(select(*PAPER_COLUMNS).where(papers.c.arxiv_id == arxiv_id)).first()
    return None if row is None else papers_from_rows(connection, [row])[0]


def get_paper_id(connection: Connection, *, arxiv_id: str) -> int | None:
    paper_id: int | None = connection.execute(select(papers.c.id).where(papers.c.arxiv_id == arxiv_id)).scalar()
    return paper_id


def list_papers_by_ids(connection: Connection, *, paper_ids: Sequence[int]) -> list[Paper]:
    """The papers in the order of `paper_ids`; ids that name no paper are left out."""
    rows = connection.execute(_PAPERS_BY_IDS, {"ids": list(paper_ids)}).all()
    by_id = {paper.id: paper for paper in papers_from_rows(connection, rows)}
    return [by_id[paper_id] for paper_id in paper_ids if paper_id in by_id]


def list_newest_papers(connection: Connection, *, after: PaperCursor | None, limit: int) -> list[Paper]:
    """Every paper, newest first (unknown publication times last, ties by row id), from just after `after`."""
    query = select(*PAPER_COLUMNS)
    if after is not None:
        query = query.where(_after(after))
    query = query.order_by(papers.c.published_at.desc().nulls_last(), papers.c.id.desc()).limit(limit)
    return papers_from_rows(connection, connection.execute(query).all())


def _after(cursor: PaperCursor) -> Any:
    if cursor.published_at is None:
        return and_(papers.c.published_at.is_(None), papers.c.id < cursor.paper_id)
    return or_(
        papers.c.published_at < cursor.published_at,
        and_(papers.c.published_at == cursor.published_at, papers.c.id < cursor.paper_id),
        papers.c.published_at.is_(None),
    )


def count_papers(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(papers)).scalar_one()


def papers_from_rows(connection: Connection, rows: Sequence[Row[tuple[object, ...]]]) -> list[Paper]:
    """Papers from rows that include PAPER_COLUMNS, with authors and categories loaded in one query each."""
    mappings = [row._mapping for row in rows]  # a property that builds its view on each use: once per row
    ids = [mapping["id"] for mapping in mappings]
    authors = load_authors(connection, paper_ids=ids)
    categories = load_categories(connection, paper_ids=ids)
    result = []
    for mapping in mappings:
        values = {name: mapping[name] for name in _ROW_FIELDS}
        paper_id = values["id"]
        result.append(
            Paper(
                **values,
                authors=tuple(authors.get(paper_id, ())),
                categories=tuple(categories.get(paper_id, ())),
            )
        )
    return result


def load_authors(connection: Connection, *, paper_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each paper's authors in byline order."""
    return _load_lists(connection, _AUTHORS_BY_IDS, paper_ids)


def load_categories(connection: Connection, *, paper_ids: Iterable[int]) -> dict[int, list[str]]:
    return _load_lists(connection, _CATEGORIES_BY_IDS, paper_ids)


def _load_lists(connection: Connection, query: Select[Any], paper_ids: Iterable[int]) -> dict[int, list[str]]:
    by_paper: dict[int, list[str]] = defaultdict(list)
    for paper_id, item in connection.execute(query, {"ids": list(paper_ids)}):
        by_paper[paper_id].append(item)
    return by_paper


@dataclass(frozen=True, slots=True)
class SortKeys:
    published_at_timestamp: float  # 0 when unknown: such papers sort last among the newest
    upvote_count: int


def list_sort_keys(connection: Connection, *, paper_ids: Sequence[int]) -> dict[int, SortKeys]:
    """What search results are re-ordered by, without loading whole papers."""
    rows = connection.execute(_SORT_KEYS_BY_IDS, {"ids": list(paper_ids)})
    return {
        paper_id: SortKeys(published_at.timestamp() if published_at else 0.0, upvotes)
        for paper_id, published_at, upvotes in rows
    }


def list_titles(connection: Connection, *, paper_ids: Sequence[int]) -> dict[int, str]:
    """The titles of these papers, by id."""
    rows = connection.execute(_TITLES_BY_IDS, {"ids": list(paper_ids)})
    return {paper_id: title for paper_id, title in rows}


def list_paper_texts(connection: Connection, *, paper_ids: Sequence[int]) -> list[str]:
    """The title and abstract of each of these papers, as one text each (no order)."""
    rows = connection.execute(_TEXTS_BY_IDS, {"ids": list(paper_ids)})
    return [f"{title}\n{abstract}" for title, abstract in rows]
