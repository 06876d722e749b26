"""pgvector on PostgreSQL servers that have the extension: a mirror of the stored embeddings with an HNSW index.

The mirror is derived data, like the in-process index: created on first use, filled from `paper_embeddings` by
sequence number, and searched in SQL so that filters apply inside the index scan (pgvector's iterative scan).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Column, Connection, Float, Integer, MetaData, String, Table, cast, func, literal, select, text
from sqlalchemy.types import BigInteger, UserDefinedType

from dailypapers.db.schema import papers
from dailypapers.domain.search import ScoredId, SearchFilters
from dailypapers.search.embeddings import iterate_embeddings
from dailypapers.search.filters import filter_conditions

TABLE = "paper_vectors_pgvector"
EF_SEARCH = 100  # recall ≈ 0.99 at a few milliseconds (NOTES: 0.997 at 128, 0.94 at 40)


class PgVector(UserDefinedType[str]):
    cache_ok = True

    def get_col_spec(self, **_: object) -> str:
        return "vector"


_metadata = MetaData()
mirror = Table(
    TABLE,
    _metadata,
    Column("paper_id", Integer, primary_key=True),
    Column("model_id", String(255), nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("embedding", PgVector(), nullable=False),
)


_UPSERT = text(
    "INSERT INTO paper_vectors_pgvector (paper_id, model_id, sequence, embedding) "
    "VALUES (:paper_id, :model_id, :sequence, CAST(:embedding AS vector)) "
    "ON CONFLICT (paper_id) DO UPDATE SET model_id = excluded.model_id, sequence = excluded.sequence, "
    "embedding = excluded.embedding"
)


def has_pgvector(connection: Connection) -> bool:
    """Whether the database is PostgreSQL with the `vector` extension created in it."""
    if connection.dialect.name != "postgresql":
        return False
    return bool(
        connection.execute(text("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')")).scalar()
    )


def has_pgvector_mirror(connection: Connection) -> bool:
    """Whether the mirror exists (sync_pgvector made it): searches use it only then."""
    if connection.dialect.name != "postgresql":
        return False
    return connection.execute(text("SELECT to_regclass(:table) IS NOT NULL"), {"table": TABLE}).scalar() is True


def sync_pgvector(connection: Connection, *, model_id: str, dimension: int) -> int:
    """Create the mirror if needed and copy the embeddings written since its newest row; returns rows copied."""
    _ensure_mirror(connection, dimension=dimension)
    newest = connection.execute(select(func.coalesce(func.max(mirror.c.sequence), 0))).scalar_one()
    copied = 0
    for batch in iterate_embeddings(connection, model_id=model_id, after_sequence=int(newest), batch_size=2000):
        # Every row of a batch carries the batch's last number: resuming after it is all the mirror needs.
        rows = [
            {"paper_id": int(paper_id), "model_id": model_id, "sequence": batch.last_sequence, "embedding": _literal(v)}
            for paper_id, v in zip(batch.paper_ids, batch.vectors, strict=True)
        ]
        connection.execute(_UPSERT, rows)
        copied += len(rows)
    return copied


def search_pgvector(
    connection: Connection, *, query: NDArray[np.float32], model_id: str, filters: SearchFilters, k: int
) -> list[ScoredId]:
    """The `k` nearest papers by inner product, with the filters applied during the index scan."""
    connection.execute(text(f"SET LOCAL hnsw.ef_search = {EF_SEARCH}"))
    connection.execute(text("SET LOCAL hnsw.iterative_scan = relaxed_order"))
    distance = mirror.c.embedding.op("<#>", return_type=Float)(cast(literal(_literal(query)), PgVector()))
    statement = select(mirror.c.paper_id, (-distance).label("score")).where(mirror.c.model_id == model_id)
    conditions = filter_conditions(filters)
    if conditions:
        statement = statement.join(papers, papers.c.id == mirror.c.paper_id).where(*conditions)
    rows = connection.execute(statement.order_by(distance).limit(k))
    return sorted((ScoredId(int(paper_id), float(score)) for paper_id, score in rows), key=lambda hit: -hit.score)


def _ensure_mirror(connection: Connection, *, dimension: int) -> None:
    typmod = connection.execute(
        text("SELECT atttypmod FROM pg_attribute WHERE attrelid = to_regclass(:table) AND attname = 'embedding'"),
        {"table": TABLE},
    ).scalar()
    if typmod is not None and typmod != dimension:
        connection.execute(text(f"DROP TABLE {TABLE}"))
        typmod = None
    if typmod is None:
        connection.execute(
            text(
                f"CREATE TABLE {TABLE} (paper_id integer PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE, "
                f"model_id varchar(255) NOT NULL, sequence bigint NOT NULL, embedding vector({dimension}) NOT NULL)"
            )
        )
        connection.execute(
            text(
                f"CREATE INDEX ix_{TABLE}_embedding ON {TABLE} USING hnsw (embedding vector_ip_ops) "
                "WITH (m = 16, ef_construction = 100)"
            )
        )
        connection.execute(text(f"CREATE INDEX ix_{TABLE}_sequence ON {TABLE} (sequence)"))


def _literal(vector: NDArray[np.float32]) -> str:
    return "[" + ",".join(f"{value:.7g}" for value in vector.tolist()) + "]"
