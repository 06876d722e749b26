"""Finding indexed papers from what a reference names: arXiv ids, DOIs, titles (by `title_key`)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from dailypapers.db.schema import papers
from dailypapers.domain.collections import title_key

_BATCH = 500  # bound parameters per query, well under SQLite's limit


def match_arxiv_ids(connection: Connection, *, arxiv_ids: Iterable[str]) -> dict[str, int]:
    """Paper ids by arXiv id, for those indexed."""
    wanted = sorted(set(arxiv_ids))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), _BATCH):
        query = select(papers.c.arxiv_id, papers.c.id).where(papers.c.arxiv_id.in_(wanted[start : start + _BATCH]))
        found.update({arxiv_id: paper_id for arxiv_id, paper_id in connection.execute(query)})
    return found


def match_dois(connection: Connection, *, dois: Iterable[str]) -> dict[str, int]:
    """Paper ids by DOI (lower case), for papers whose DOI is recorded."""
    wanted = sorted({doi.lower() for doi in dois})
    found: dict[str, int] = {}
    for start in range(0, len(wanted), _BATCH):
        doi = func.lower(papers.c.doi)
        query = select(doi, papers.c.id).where(doi.in_(wanted[start : start + _BATCH]))
        found.update({value: paper_id for value, paper_id in connection.execute(query)})
    return found


def match_titles(connection: Connection, *, keys: Iterable[str]) -> dict[str, int]:
    """Paper ids by `title_key`: read by scanning titles once, as no index holds the key (docs/decisions.md)."""
    wanted = set(keys)
    found: dict[str, int] = {}
    if not wanted:
        return found
    rows = connection.execute(select(papers.c.id, papers.c.title).execution_options(yield_per=5_000))
    for paper_id, title in rows:
        key = title_key(title)
        if key in wanted and key not in found:
            found[key] = paper_id
    return found


def list_arxiv_ids(connection: Connection, *, paper_ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(paper_ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), _BATCH):
        query = select(papers.c.id, papers.c.arxiv_id).where(papers.c.id.in_(wanted[start : start + _BATCH]))
        found.update({paper_id: arxiv_id for paper_id, arxiv_id in connection.execute(query)})
    return found
