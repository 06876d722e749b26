"""Indexing: only new or changed papers are embedded, the index file is reloaded rather than rebuilt, other
processes catch up from the database, and vectors of another model are noticed."""

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import update

from dailypapers.db.engine import Database
from dailypapers.db.schema import paper_embeddings, papers
from dailypapers.domain.clock import utc_now
from dailypapers.domain.search import SearchRequest
from dailypapers.search.indexes import SearchIndexes
from dailypapers.search.vector_index import EXACT_FILE, HNSW_FILE, META_FILE
from dailypapers.services.embedding_files import ModelMismatch, export_embeddings, load_embeddings
from dailypapers.services.indexing import index_after_import, index_papers
from dailypapers.services.search import search_papers
from tests.factories import real_records
from tests.search_fixtures import CachingEmbedder


@pytest.fixture
def stored(make_paper: Callable[..., str]) -> list[str]:
    return [make_paper(**asdict(record)) for record in real_records()[100:112]]


def test_index_embeds_only_new_and_changed_papers(
    db: Database, indexes: SearchIndexes, embedder: CachingEmbedder, stored: list[str], make_paper: Callable[..., str]
) -> None:
    first = index_papers(db, indexes)
    assert (first.examined, first.embedded, first.vectors) == (12, 12, 12)
    assert index_papers(db, indexes).examined == 0

    embedder.embedded.clear()
    make_paper(**asdict(real_records()[120]))
    with db.transaction() as connection:  # a new title for one, a new upvote count (not text) for another
        connection.execute(
            update(papers).where(papers.c.arxiv_id == stored[0]).values(title="A new title", updated_at=utc_now())
        )
        connection.execute(
            update(papers).where(papers.c.arxiv_id == stored[1]).values(upvote_count=5, updated_at=utc_now())
        )
    again = index_papers(db, indexes)
    assert (again.examined, again.embedded, again.unchanged, again.vectors) == (3, 2, 1, 13)
    assert len(embedder.embedded) == 2
    assert any(text.startswith("A new title") for text in embedder.embedded)
    assert index_papers(db, indexes).examined == 0


def test_the_index_file_is_reloaded_not_rebuilt(
    db: Database, embedder: CachingEmbedder, stored: list[str], tmp_path: Path
) -> None:
    writer = SearchIndexes.open(model_dir=None, data_dir=tmp_path, embedder=embedder)
    index_papers(db, writer)
    # On PostgreSQL with pgvector the indexer fills the mirror instead; the in-process index is saved on demand.
    with db.reading() as connection:
        writer.vectors.refresh(connection)
    writer.vectors.save()
    directory = writer.vectors.directory
    assert (directory / META_FILE).exists() and (directory / EXACT_FILE).exists()

    restarted = SearchIndexes.open(model_dir=None, data_dir=tmp_path, embedder=embedder)
    with db.reading() as connection:
        assert restarted.vectors.refresh(connection) == 0  # nothing read from the database
    assert restarted.vectors.loaded_from_file and len(restarted.vectors) == 12


def test_another_process_sees_new_embeddings(
    db: Database, embedder: CachingEmbedder, stored: list[str], tmp_path: Path, make_paper: Callable[..., str]
) -> None:
    reader = SearchIndexes.open(model_dir=None, data_dir=tmp_path / "reader", embedder=embedder)
    writer = SearchIndexes.open(model_dir=None, data_dir=tmp_path / "writer", embedder=embedder)
    index_papers(db, writer)
    with db.reading() as connection:
        assert reader.vectors.refresh(connection) == 12
    newcomer = make_paper(**asdict(real_records()[130]))
    index_papers(db, writer)
    with db.reading() as connection:
        assert reader.vectors.refresh(connection) == 1  # only the new row
    hits = search_papers(db, reader, SearchRequest(real_records()[130].abstract, mode="semantic", limit=1)).hits
    assert hits[0].paper.arxiv_id == newcomer


def test_past_the_threshold_the_index_is_hnsw_and_saved_as_such(
    db: Database, embedder: CachingEmbedder, stored: list[str], tmp_path: Path
) -> None:
    indexes = SearchIndexes.open(model_dir=None, data_dir=tmp_path, embedder=embedder, hnsw_threshold=5)
    with db.transaction() as connection:
        index_papers(db, indexes)
        indexes.vectors.refresh(connection)
    indexes.vectors.save()
    assert indexes.vectors.kind == "hnsw" and (indexes.vectors.directory / HNSW_FILE).exists()
    target = real_records()[105]
    with db.reading() as connection:
        found = [hit.paper_id for hit in indexes.vectors.search(connection, embedder.embed_query(target.abstract), k=3)]
    reloaded = SearchIndexes.open(model_dir=None, data_dir=tmp_path, embedder=embedder, hnsw_threshold=5)
    with db.reading() as connection:
        again = [
            hit.paper_id for hit in reloaded.vectors.search(connection, embedder.embed_query(target.abstract), k=3)
        ]
    assert reloaded.vectors.kind == "hnsw" and found == again


def test_embeddings_of_another_model_are_noticed_and_replaced(
    db: Database, indexes: SearchIndexes, stored: list[str]
) -> None:
    index_papers(db, indexes)
    with db.transaction() as connection:
        connection.execute(update(paper_embeddings).values(model_id="someone/else:fp32:0123456789ab"))
    results = search_papers(db, indexes, SearchRequest("image segmentation", mode="hybrid"))
    assert results.notice is not None and "someone/else" in results.notice
    assert index_papers(db, indexes).embedded == 12
    assert search_papers(db, indexes, SearchRequest("image segmentation", mode="hybrid")).notice is None


def test_exported_embeddings_load_into_another_database_only_for_the_same_model(
    db: Database, indexes: SearchIndexes, stored: list[str], tmp_path: Path, embedder: CachingEmbedder
) -> None:
    index_papers(db, indexes)
    path = tmp_path / "embeddings.npz"
    assert export_embeddings(db, indexes.model, path=path) == 12
    with db.transaction() as connection:
        connection.execute(paper_embeddings.delete())
        connection.execute(update(papers).where(papers.c.arxiv_id == stored[0]).values(abstract="Changed since."))
    report = load_embeddings(db, indexes, path=path)
    assert (report.loaded, report.changed, report.already) == (11, 1, 0)
    assert load_embeddings(db, indexes, path=path).already == 11

    class OtherModel(CachingEmbedder):
        @property
        def model_id(self) -> str:
            return "another/model:int8:000000000000"

    other = SearchIndexes.open(model_dir=None, data_dir=tmp_path / "other", embedder=OtherModel(embedder))  # type: ignore[arg-type]
    with pytest.raises(ModelMismatch):
        load_embeddings(db, other, path=path)


def test_small_imports_are_embedded_at_once_large_ones_wait(
    db: Database, indexes: SearchIndexes, stored: list[str]
) -> None:
    waiting = index_after_import(db, indexes, limit=5)
    assert waiting.report is None and waiting.pending == 12
    done = index_after_import(db, indexes, limit=50)
    assert done.report is not None and done.report.embedded == 12


def test_vectors_are_unit_float32_bytes(db: Database, indexes: SearchIndexes, stored: list[str]) -> None:
    index_papers(db, indexes)
    with db.reading() as connection:
        blobs = connection.execute(paper_embeddings.select().with_only_columns(paper_embeddings.c.vector)).scalars()
        vectors = [np.frombuffer(blob, dtype="<f4") for blob in blobs]
    assert all(vector.shape == (384,) and abs(np.linalg.norm(vector) - 1) < 1e-4 for vector in vectors)
