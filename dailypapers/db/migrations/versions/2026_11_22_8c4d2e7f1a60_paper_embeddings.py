"""paper embeddings and the search counters

Revision ID: 8c4d2e7f1a60
Revises: 5e1f0c2a9b3d
Create Date: 2026-11-22 08:25:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dailypapers.db.types

revision: str = "8c4d2e7f1a60"
down_revision: str | None = "5e1f0c2a9b3d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_counters",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_search_counters")),
    )
    # The database's identity, so that a vector index file saved from another database is never applied to this one.
    counters = sa.table("search_counters", sa.column("name", sa.String), sa.column("value", sa.BigInteger))
    op.bulk_insert(counters, [{"name": "instance", "value": secrets.randbits(48)}])
    op.create_table(
        "paper_embeddings",
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("embedded_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_paper_embeddings_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("paper_id", name=op.f("pk_paper_embeddings")),
    )
    with op.batch_alter_table("paper_embeddings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_embeddings_sequence"), ["sequence"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("paper_embeddings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_embeddings_sequence"))
    op.drop_table("paper_embeddings")
    op.drop_table("search_counters")
