"""papers and daily lists

Revision ID: 12b0044064fa
Revises:
Create Date: 2026-11-22 07:41:15.133181
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dailypapers.db.types

revision: str = "12b0044064fa"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imported_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("skipped_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_imported_files")),
    )
    op.create_table(
        "papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("arxiv_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("primary_category", sa.String(length=32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("journal_ref", sa.Text(), nullable=True),
        sa.Column("doi", sa.String(length=255), nullable=True),
        sa.Column("published_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("arxiv_updated_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("github_repo", sa.String(length=512), nullable=True),
        sa.Column("github_stars", sa.Integer(), nullable=True),
        sa.Column("project_page", sa.String(length=1024), nullable=True),
        sa.Column("organization", sa.String(length=255), nullable=True),
        sa.Column("imported_upvote_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("imported_comment_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("upvote_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("comment_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_papers")),
        sa.UniqueConstraint("arxiv_id", name=op.f("uq_papers_arxiv_id")),
    )
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_papers_published_at"), ["published_at"], unique=False)

    op.create_table(
        "daily_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("added_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitter_name", sa.String(length=255), nullable=True),
        sa.Column("pinned", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_daily_entries_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_entries")),
        sa.UniqueConstraint("day", "paper_id", name=op.f("uq_daily_entries_day_paper_id")),
    )
    with op.batch_alter_table("daily_entries", schema=None) as batch_op:
        batch_op.create_index("ix_daily_entries_paper_id_day", ["paper_id", "day"], unique=False)

    op.create_table(
        "paper_authors",
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_paper_authors_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("paper_id", "position", name=op.f("pk_paper_authors")),
    )
    with op.batch_alter_table("paper_authors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_authors_name_key"), ["name_key"], unique=False)

    op.create_table(
        "paper_categories",
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_paper_categories_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("paper_id", "category", name=op.f("pk_paper_categories")),
    )
    with op.batch_alter_table("paper_categories", schema=None) as batch_op:
        batch_op.create_index("ix_paper_categories_category_paper_id", ["category", "paper_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("paper_categories", schema=None) as batch_op:
        batch_op.drop_index("ix_paper_categories_category_paper_id")

    op.drop_table("paper_categories")
    with op.batch_alter_table("paper_authors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_authors_name_key"))

    op.drop_table("paper_authors")
    with op.batch_alter_table("daily_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_daily_entries_paper_id_day")

    op.drop_table("daily_entries")
    with op.batch_alter_table("papers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_papers_published_at"))

    op.drop_table("papers")
    op.drop_table("imported_files")
