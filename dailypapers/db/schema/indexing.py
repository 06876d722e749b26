"""The search indexes' tables: embeddings, precomputed similar papers, counters and the keyword changes log."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Double,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
)

from dailypapers.db.schema.base import metadata
from dailypapers.db.types import UTCDateTime

# One sentence embedding per paper, as little-endian float32 bytes: the same data on both dialects. The vector
# indexes (in-process HNSW, pgvector) are built from this table and can always be rebuilt from it.
paper_embeddings = Table(
    "paper_embeddings",
    metadata,
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("model_id", String(255), nullable=False),
    # sha256 of the text that was embedded: a paper whose title or abstract changes is embedded again.
    Column("content_hash", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),
    # Taken from search_counters("embeddings") in the writing transaction: a process holding an index
    # catches up by reading the rows with a higher sequence than the last it saw.
    Column("sequence", BigInteger, nullable=False, index=True),
    Column("embedded_at", UTCDateTime, nullable=False),
)


# Each paper's nearest papers by embedding, worked out when the paper is indexed (services/similar_lists.py) so a
# page view reads a list instead of searching; a paper's neighbours' lists are redone when it is indexed, since it
# may belong in them. A paper with no rows here gets the live computation.
similar_papers = Table(
    "similar_papers",
    metadata,
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("similar_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("score", Double, nullable=False),
)


search_counters = Table(
    "search_counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)


# Papers whose title or abstract was written (inserted, changed or deleted), in commit order: triggers of the
# keyword-changes migration append a row per paper under a number taken from search_counters("keyword") in the
# writing transaction. The on-disk keyword index (search/keyword_mirror.py) catches up by reading the rows past the
# last number it holds; `dailypapers index` prunes the rows it has applied. No foreign key: deleted papers' rows stay.
keyword_changes = Table(
    "keyword_changes",
    metadata,
    Column("sequence", BigInteger, primary_key=True, autoincrement=False),
    Column("paper_id", Integer, nullable=False),
)


# Keyword-index tables created by raw DDL in the keyword-index migration, one set per dialect, written only by
# triggers. Alembic's autogenerate and the schema-agreement test leave them alone by these names.
KEYWORD_INDEX_TABLES = {
    "sqlite": frozenset({"paper_fts", "paper_fts_config", "paper_fts_data", "paper_fts_docsize", "paper_fts_idx"}),
    "postgresql": frozenset({"search_corpus", "search_documents", "search_postings", "search_terms"}),
}
