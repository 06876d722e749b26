"""The on-disk keyword index (tantivy): built from the papers, caught up from the keyword-changes log, pruning
it, rebuilt when it cannot catch up, and never answering for a database it is behind."""

import fcntl
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import tantivy
from sqlalchemy import Engine, delete, func, select, text, update

from dailypapers.db.engine import Database
from dailypapers.db.schema import keyword_changes, papers
from dailypapers.domain.query_terms import extract_terms
from dailypapers.domain.search import SearchFilters, SearchRequest
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.keyword import search_keyword
from dailypapers.search.keyword_changes import read_keyword_state
from dailypapers.search.keyword_mirror import META_FILE, KeywordIndexBusy, KeywordMirror
from dailypapers.services.search import search_papers
from dailypapers.store.paper_writes import upsert_papers
from tests.factories import NOW, real_records
from tests.search_fixtures import CachingEmbedder


def _ids(db: Database, *arxiv_ids: str) -> set[int]:
    with db.reading() as connection:
        return set(connection.execute(select(papers.c.id).where(papers.c.arxiv_id.in_(arxiv_ids))).scalars())


def _found(mirror: KeywordMirror, words: str, *, require_all: bool = False) -> set[int]:
    return {hit.paper_id for hit in mirror.search(extract_terms(words), limit=100, require_all=require_all)}


def _current(db: Database, mirror: KeywordMirror) -> bool:
    with db.reading() as connection:
        return mirror.serves(read_keyword_state(connection))


@pytest.fixture
def mirror(tmp_path: Path) -> KeywordMirror:
    return KeywordMirror(tmp_path / "keyword", retained_changes=0)


def test_a_missing_index_is_built_from_every_paper(
    db: Database, mirror: KeywordMirror, make_paper: Callable[..., str]
) -> None:
    tiling = make_paper(title="Quasicrystal tilings", abstract="Aperiodic order in the plane.")
    growth = make_paper(title="Crystal growth", abstract="Quasicrystals grow slowly.")
    assert not _current(db, mirror)
    report = mirror.update(db)
    assert report.rebuilt and report.count >= 2
    assert _current(db, mirror)
    assert _found(mirror, "quasicrystal") >= _ids(db, tiling, growth)  # stemmed: quasicrystals
    assert _found(mirror, "aperiodic quasicrystal", require_all=True) == _ids(db, tiling)
    # The title counts double: the paper with the word in its title comes first.
    first = mirror.search(["quasicrystal"], limit=2, require_all=False)[0].paper_id
    assert {first} == _ids(db, tiling)


def test_changes_are_applied_incrementally_and_the_log_pruned(
    db: Database, mirror: KeywordMirror, make_paper: Callable[..., str]
) -> None:
    kept = make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    renamed = make_paper(title="Quasicrystal growth", abstract="Aperiodic crystals grow.")
    gone = make_paper(title="Quasicrystal diffraction", abstract="Sharp peaks.")
    mirror.update(db)
    with db.reading() as connection:
        assert connection.execute(select(func.count()).select_from(keyword_changes)).scalar_one() == 0
    added = make_paper(title="Penrose quasicrystal rhombs", abstract="Two tiles.")
    with db.transaction() as connection:
        connection.execute(update(papers).where(papers.c.arxiv_id == renamed).values(title="Snowflake growth"))
        connection.execute(update(papers).where(papers.c.arxiv_id == kept).values(upvote_count=5))  # no text change
        connection.execute(delete(papers).where(papers.c.arxiv_id == gone))
    assert not _current(db, mirror)
    report = mirror.update(db)
    assert not report.rebuilt and report.applied == 3 and report.pruned == 3
    assert _current(db, mirror)
    assert _found(mirror, "quasicrystal") == _ids(db, kept, added)
    assert _found(mirror, "snowflake") == _ids(db, renamed)
    assert mirror.update(db).applied == 0  # nothing new


def test_search_keyword_asks_the_database_while_the_index_is_behind(
    db: Database, mirror: KeywordMirror, make_paper: Callable[..., str]
) -> None:
    make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    mirror.update(db)
    with db.reading() as connection:
        via_index = search_keyword(connection, terms=["quasicrystal"], filters=SearchFilters(), limit=10, mirror=mirror)
        assert [hit.score for hit in via_index] == [
            hit.score for hit in mirror.search(["quasicrystal"], limit=10, require_all=True)
        ]
    late = make_paper(title="Quasicrystal growth", abstract="Aperiodic crystals grow.")
    with db.reading() as connection:
        hits = search_keyword(connection, terms=["quasicrystal"], filters=SearchFilters(), limit=10, mirror=mirror)
        database = search_keyword(connection, terms=["quasicrystal"], filters=SearchFilters(), limit=10)
    assert hits == database and _ids(db, late) <= {hit.paper_id for hit in hits}


def test_filtered_searches_are_answered_by_the_database(
    db: Database, mirror: KeywordMirror, make_paper: Callable[..., str]
) -> None:
    make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.", github_repo="https://github.com/a/b")
    make_paper(title="Quasicrystal growth", abstract="Aperiodic crystals grow.")
    mirror.update(db)
    filters = SearchFilters(has_code=True)
    with db.reading() as connection:
        hits = search_keyword(connection, terms=["quasicrystal"], filters=filters, limit=10, mirror=mirror)
        assert hits == search_keyword(connection, terms=["quasicrystal"], filters=filters, limit=10)
    assert len(hits) == 1


def test_an_index_of_another_database_or_older_than_the_log_is_rebuilt(
    db: Database, mirror: KeywordMirror, tmp_path: Path, make_paper: Callable[..., str]
) -> None:
    make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    mirror.update(db)
    meta_path = mirror.directory / META_FILE
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps(meta | {"instance": meta["instance"] + 1}))
    assert not _current(db, mirror)
    assert mirror.update(db).rebuilt

    # A second data directory (another machine on the same PostgreSQL) left behind while the first pruned the log.
    other = KeywordMirror(tmp_path / "other", retained_changes=0)
    other.update(db)
    make_paper(title="Crystal growth", abstract="Slowly.")
    mirror.update(db)  # prunes the change the other index has not seen
    report = other.update(db)
    assert report.rebuilt and _current(db, other)


def test_another_data_directory_behind_catches_up_from_the_retained_log(
    db: Database, tmp_path: Path, make_paper: Callable[..., str]
) -> None:
    node = KeywordMirror(tmp_path / "node", retained_changes=2)
    worker = KeywordMirror(tmp_path / "worker", retained_changes=2)
    make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    node.update(db)
    worker.update(db)
    make_paper(title="Crystal growth", abstract="Slowly.")
    make_paper(title="Crystal habits", abstract="Facets.")
    assert worker.update(db).pruned == 1  # the last two changes stay for the node
    caught_up = node.update(db)
    assert not caught_up.rebuilt and caught_up.applied == 2 and _current(db, node)
    for title in ("Crystal twins", "Crystal defects", "Crystal melts"):
        make_paper(title=title, abstract="More.")
    worker.update(db)  # three more changes: the node, two behind the log's start, rebuilds
    assert node.update(db).rebuilt and _current(db, node)


def test_damaged_files_are_rebuilt_and_never_searched(
    db: Database, mirror: KeywordMirror, make_paper: Callable[..., str]
) -> None:
    make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    mirror.update(db)
    (mirror.directory / META_FILE).write_text("{not json")
    assert not _current(db, mirror)
    assert mirror.update(db).rebuilt and _current(db, mirror)
    for path in mirror.directory.iterdir():
        if path.name != META_FILE:
            path.unlink()
    reader = KeywordMirror(mirror.directory)
    assert not _current(db, reader)  # the meta is there, the index is not: the database answers
    make_paper(title="Crystal growth", abstract="Slowly.")
    assert mirror.update(db).rebuilt


def test_a_second_writer_is_told_the_index_is_busy(
    db: Database, mirror: KeywordMirror, make_paper: Callable[..., str]
) -> None:
    make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    mirror.update(db)
    make_paper(title="Crystal growth", abstract="Slowly.")
    holder = tantivy.Index.open(str(mirror.directory)).writer()
    try:
        with pytest.raises(KeywordIndexBusy):
            mirror.update(db)
    finally:
        holder.wait_merging_threads()
    assert mirror.update(db).applied == 1


def test_an_update_already_running_is_not_joined(
    db: Database, mirror: KeywordMirror, tmp_path: Path, make_paper: Callable[..., str]
) -> None:
    make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    with (tmp_path / "keyword.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the other process's update holds it
        with pytest.raises(KeywordIndexBusy):
            mirror.update(db)
    assert mirror.update(db).rebuilt


def test_a_database_restored_from_an_older_backup_is_not_served_from_a_newer_index(
    db: Database, mirror: KeywordMirror, make_paper: Callable[..., str]
) -> None:
    make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    make_paper(title="Crystal growth", abstract="Slowly.")
    mirror.update(db)
    with db.transaction() as connection:  # the counter as an older backup had it
        connection.execute(text("UPDATE search_counters SET value = value - 1 WHERE name = 'keyword'"))
    assert not _current(db, mirror)
    assert mirror.update(db).rebuilt and _current(db, mirror)


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR(a b)", "AND OR", "-x", "?!.,;", "注意力 机制", "Внимание", "attention " * 2000, "title:x^2"],
)
def test_odd_queries_are_plain_words(
    db: Database, mirror: KeywordMirror, make_paper: Callable[..., str], query: str
) -> None:
    make_paper(title="Attention in transformers", abstract="NEAR and AND are words here; so is OR.")
    mirror.update(db)
    for require_all in (True, False):
        mirror.search(extract_terms(query), limit=10, require_all=require_all)  # no exception


def test_the_index_ranks_real_papers_as_the_database_does(db: Database, mirror: KeywordMirror) -> None:
    records = real_records()[:300]
    with db.transaction() as connection:
        upsert_papers(connection, list(records), now=NOW)
    mirror.update(db)
    overlaps = []
    with db.reading() as connection:
        for record in records[:40]:
            terms = extract_terms(record.title)
            database = search_keyword(connection, terms=terms, filters=SearchFilters(), limit=10, match="any")
            index = mirror.search(terms, limit=10, require_all=False)
            if database:
                top = {hit.paper_id for hit in database}
                overlaps.append(len(top & {hit.paper_id for hit in index}) / len(top))
            own = connection.execute(text("SELECT id FROM papers WHERE arxiv_id = :a"), {"a": record.arxiv_id})
            assert index[0].paper_id == own.scalar_one()  # a title finds its own paper first
    assert sum(overlaps) / len(overlaps) >= 0.8


def test_a_serving_process_catches_a_stale_index_up_in_the_background(
    committed_engine: Engine, tmp_path: Path, embedder: CachingEmbedder
) -> None:
    db = Database(committed_engine)
    indexes = SearchIndexes.open(
        model_dir=None, data_dir=tmp_path / "var", embedder=embedder, keyword_background_refresh=True
    )
    records = real_records()
    with db.transaction() as connection:
        upsert_papers(connection, list(records[:20]), now=NOW)
    indexes.keyword.update(db)
    with db.transaction() as connection:  # a paper submitted since the last `dailypapers index`
        upsert_papers(connection, [records[20]], now=NOW)
    request = SearchRequest(records[20].title, mode="keyword", limit=1)
    hits = search_papers(db, indexes, request).hits
    assert hits[0].paper.arxiv_id == records[20].arxiv_id  # the database answered, the paper is there
    indexes.keyword.join_refresh(timeout=30)
    assert _current(db, indexes.keyword)  # and the index caught up meanwhile
    assert search_papers(db, indexes, request).hits[0].paper.arxiv_id == records[20].arxiv_id


def test_only_a_serving_process_refreshes_in_the_background(
    db: Database, mirror: KeywordMirror, make_paper: Callable[..., str]
) -> None:
    make_paper(title="Quasicrystal tilings", abstract="Aperiodic order.")
    mirror.update(db)
    make_paper(title="Crystal growth", abstract="Slowly.")
    assert not _current(db, mirror)
    mirror.refresh_soon(db)
    mirror.join_refresh(timeout=30)
    assert not _current(db, mirror)  # the command line and tests leave it to `dailypapers index`
