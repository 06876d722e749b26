"""Following an upstream list: upstream counts on papers, upstream place on daily entries, what the upstream
says beyond arXiv, and the days pulled

Revision ID: 9e2b4c6d8a13
Revises: 9c2f4e6a8b15
Create Date: 2026-12-07 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dailypapers.db.types import UTCDateTime

revision: str = "9e2b4c6d8a13"
down_revision: str | None = "9c2f4e6a8b15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("papers") as batch:
        batch.add_column(sa.Column("upstream_upvote_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("upstream_comment_count", sa.Integer(), nullable=True))
    with op.batch_alter_table("daily_entries") as batch:
        batch.add_column(sa.Column("upstream_position", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("upstream_dropped_at", UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "upstream_papers",
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("ai_summary", sa.Text(), nullable=True),
        sa.Column("ai_keywords", sa.Text(), nullable=True),
        sa.Column("thumbnail_url", sa.String(length=1024), nullable=True),
        sa.Column("media_urls", sa.Text(), nullable=True),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_upstream_papers_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("paper_id", name=op.f("pk_upstream_papers")),
    )
    op.create_table(
        "upstream_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("pulled_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_upstream_days")),
    )


def downgrade() -> None:
    op.drop_table("upstream_days")
    op.drop_table("upstream_papers")
    with op.batch_alter_table("daily_entries") as batch:
        batch.drop_column("upstream_dropped_at")
        batch.drop_column("upstream_position")
    with op.batch_alter_table("papers") as batch:
        batch.drop_column("upstream_comment_count")
        batch.drop_column("upstream_upvote_count")
