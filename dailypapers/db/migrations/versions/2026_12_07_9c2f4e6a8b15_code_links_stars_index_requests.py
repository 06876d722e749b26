"""Freshness: papers.links_edited_at, the log of link changes, GitHub repositories with their star history, and
the queue of papers readers asked to index

Revision ID: 9c2f4e6a8b15
Revises: 9e4b6a1c2d83
Create Date: 2026-12-07 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dailypapers.db.types import UTCDateTime

revision: str = "9c2f4e6a8b15"
down_revision: str | None = "9e4b6a1c2d83"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("papers") as batch:
        batch.add_column(sa.Column("links_edited_at", UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "paper_link_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "paper_id",
            sa.Integer(),
            sa.ForeignKey("papers.id", name="fk_paper_link_changes_paper_id_papers", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "actor_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_paper_link_changes_actor_id_users", ondelete="SET NULL"),
        ),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("old_value", sa.Text()),
        sa.Column("new_value", sa.Text()),
        sa.Column("reason", sa.Text()),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("field IN ('github_repo', 'project_page')", name="ck_paper_link_changes_field"),
        sa.PrimaryKeyConstraint("id", name="pk_paper_link_changes"),
    )
    op.create_index("ix_paper_link_changes_paper_id", "paper_link_changes", ["paper_id"])
    op.create_table(
        "code_repos",
        sa.Column("url", sa.String(512), nullable=False),
        sa.Column("etag", sa.String(255)),
        sa.Column("stars", sa.Integer()),
        sa.Column("checked_at", UTCDateTime(timezone=True)),
        sa.Column("gone_at", UTCDateTime(timezone=True)),
        sa.Column("moved_to", sa.String(512)),
        sa.PrimaryKeyConstraint("url", name="pk_code_repos"),
    )
    op.create_index("ix_code_repos_checked_at", "code_repos", ["checked_at"])
    op.create_table(
        "code_repo_stars",
        sa.Column("url", sa.String(512), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("url", "day", name="pk_code_repo_stars"),
    )
    op.create_table(
        "index_requests",
        sa.Column("arxiv_id", sa.String(64), nullable=False),
        sa.Column(
            "requested_by",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_index_requests_requested_by_users", ondelete="SET NULL"),
        ),
        sa.Column("requested_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempt_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text()),
        sa.Column("retry_at", UTCDateTime(timezone=True)),
        sa.PrimaryKeyConstraint("arxiv_id", name="pk_index_requests"),
    )
    op.create_index("ix_index_requests_requested_at", "index_requests", ["requested_at"])


def downgrade() -> None:
    op.drop_table("index_requests")
    op.drop_table("code_repo_stars")
    op.drop_table("code_repos")
    op.drop_table("paper_link_changes")
    with op.batch_alter_table("papers") as batch:
        batch.drop_column("links_edited_at")
