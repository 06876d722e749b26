"""The personal layer: collections and their items, follows, saved searches, dismissals ("not interested")

Revision ID: 5d1e8a3b7c42
Revises: 7f3a9c1e5b20
Create Date: 2026-12-07 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dailypapers.db.types import UTCDateTime

revision: str = "5d1e8a3b7c42"
down_revision: str | None = "7f3a9c1e5b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "collections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_collections_user_id_users", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("private", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_collections"),
        sa.UniqueConstraint("user_id", "slug", name="uq_collections_user_id_slug"),
    )
    op.create_table(
        "collection_items",
        sa.Column(
            "collection_id",
            sa.Integer(),
            sa.ForeignKey("collections.id", name="fk_collection_items_collection_id_collections", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "paper_id",
            sa.Integer(),
            sa.ForeignKey("papers.id", name="fk_collection_items_paper_id_papers", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("added_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("collection_id", "paper_id", name="pk_collection_items"),
    )
    op.create_index("ix_collection_items_paper_id", "collection_items", ["paper_id"])
    op.create_table(
        "follows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_follows_user_id_users", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target", sa.String(255), nullable=False),
        sa.Column("label", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_follows"),
        sa.UniqueConstraint("user_id", "kind", "target", name="uq_follows_user_id_kind_target"),
        sa.CheckConstraint("kind IN ('author', 'member', 'category')", name="ck_follows_kind"),
    )
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_saved_searches_user_id_users", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("params", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_saved_searches"),
    )
    op.create_index("ix_saved_searches_user_id", "saved_searches", ["user_id"])
    op.create_table(
        "dismissals",
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_dismissals_user_id_users", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "paper_id",
            sa.Integer(),
            sa.ForeignKey("papers.id", name="fk_dismissals_paper_id_papers", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "paper_id", name="pk_dismissals"),
    )


def downgrade() -> None:
    op.drop_table("dismissals")
    op.drop_index("ix_saved_searches_user_id", table_name="saved_searches")
    op.drop_table("saved_searches")
    op.drop_table("follows")
    op.drop_index("ix_collection_items_paper_id", table_name="collection_items")
    op.drop_table("collection_items")
    op.drop_table("collections")
