"""Similar-paper lists worked out at indexing: the same papers as the live computation, kept current when a new
paper joins its neighbours' lists, and the live computation still answering for papers without a list."""

from collections.abc import Callable
from dataclasses import asdict, replace

from sqlalchemy import delete, select

from dailypapers.db.engine import Database
from dailypapers.db.schema import papers, similar_papers
from dailypapers.search.indexes import SearchIndexes
from dailypapers.services.indexing import index_papers
from dailypapers.services.similar import list_similar_papers
from dailypapers.store.papers import get_paper_id
from dailypapers.store.similar_papers import list_stored_similar
from tests.factories import real_records


def _stored(db: Database, arxiv_id: str) -> list[int]:
    with db.reading() as connection:
        paper_id = get_paper_id(connection, arxiv_id=arxiv_id)
        assert paper_id is not None
        return [hit.paper_id for hit in list_stored_similar(connection, paper_id=paper_id, limit=100)]


def _ids(db: Database, arxiv_ids: list[str]) -> list[int]:
    with db.reading() as connection:
        return [get_paper_id(connection, arxiv_id=arxiv_id) or 0 for arxiv_id in arxiv_ids]


def test_indexing_stores_the_list_the_live_computation_gives(
    db: Database, indexes: SearchIndexes, make_paper: Callable[..., str]
) -> None:
    ids = [make_paper(**asdict(record)) for record in real_records()[200:225]]
    report = index_papers(db, indexes)
    assert report.similar_lists == 25
    stored = list_similar_papers(db, indexes, arxiv_id=ids[0], limit=6)
    assert [item.paper.arxiv_id for item in stored.similar] != []
    assert _stored(db, ids[0])[:6] == [item.paper.id for item in stored.similar]

    with db.transaction() as connection:  # no list: the same answer, worked out live
        connection.execute(delete(similar_papers))
    live = list_similar_papers(db, indexes, arxiv_id=ids[0], limit=6)
    assert [item.paper.arxiv_id for item in live.similar] == [item.paper.arxiv_id for item in stored.similar]
    assert [round(item.score, 5) for item in live.similar] == [round(item.score, 5) for item in stored.similar]


def test_a_new_paper_joins_its_neighbours_lists(
    db: Database, indexes: SearchIndexes, make_paper: Callable[..., str]
) -> None:
    records = real_records()[200:224]
    ids = [make_paper(**asdict(record)) for record in records]
    index_papers(db, indexes)
    (twin_of_first,) = _ids(db, [make_paper(**asdict(replace(records[0], arxiv_id="2601.99999")))])
    (first,) = _ids(db, ids[:1])
    assert twin_of_first not in _stored(db, ids[0])

    report = index_papers(db, indexes)
    assert report.embedded == 1
    assert _stored(db, ids[0])[0] == twin_of_first  # the first paper's list was redone: its twin leads it
    assert _stored(db, "2601.99999")[0] == first
    assert list_similar_papers(db, indexes, arxiv_id=ids[0], limit=6).similar[0].paper.id == twin_of_first


def test_a_deleted_paper_leaves_every_list(
    db: Database, indexes: SearchIndexes, make_paper: Callable[..., str]
) -> None:
    ids = [make_paper(**asdict(record)) for record in real_records()[200:222]]
    index_papers(db, indexes)
    gone = _stored(db, ids[0])[0]
    with db.transaction() as connection:
        connection.execute(delete(papers).where(papers.c.id == gone))
        remaining = connection.execute(select(similar_papers.c.paper_id).where(similar_papers.c.similar_id == gone))
        assert remaining.all() == []
    assert gone not in [item.paper.id for item in list_similar_papers(db, indexes, arxiv_id=ids[0], limit=6).similar]
