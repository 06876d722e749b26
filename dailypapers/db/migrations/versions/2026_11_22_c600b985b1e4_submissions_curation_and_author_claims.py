"""submissions, curation and author claims: who submitted an entry, pinned order, the curation log, claims

Revision ID: c600b985b1e4
Revises: a3c51e0f7d24
Create Date: 2026-11-22 08:52:02.840742
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dailypapers.db.types

revision: str = "c600b985b1e4"
down_revision: str | None = "a3c51e0f7d24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "author_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("author_position", sa.Integer(), nullable=False),
        sa.Column("author_name", sa.Text(), nullable=False),
        sa.Column("author_key", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f("ck_author_claims_status")),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_author_claims_decided_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_author_claims_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_author_claims_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_author_claims")),
        sa.UniqueConstraint("paper_id", "user_id", name=op.f("uq_author_claims_paper_id_user_id")),
    )
    with op.batch_alter_table("author_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_author_claims_author_key"), ["author_key"], unique=False)
        batch_op.create_index("ix_author_claims_status_created_at", ["status", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_author_claims_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_author_claims_approved_position",
            ["paper_id", "author_position"],
            unique=True,
            sqlite_where=sa.text("status = 'approved'"),
            postgresql_where=sa.text("status = 'approved'"),
        )

    op.create_table(
        "curation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('add', 'pin', 'unpin', 'move', 'remove')", name=op.f("ck_curation_events_action")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_curation_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_curation_events_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_curation_events")),
    )
    with op.batch_alter_table("curation_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_curation_events_day"), ["day"], unique=False)

    with op.batch_alter_table("daily_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("submission_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=True))
        batch_op.create_index("ix_daily_entries_submitted_by_day", ["submitted_by", "day"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_daily_entries_submitted_by_users"), "users", ["submitted_by"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("daily_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_daily_entries_submitted_by_users"), type_="foreignkey")
        batch_op.drop_index("ix_daily_entries_submitted_by_day")
        batch_op.drop_column("position")
        batch_op.drop_column("submission_comment")
        batch_op.drop_column("submitted_by")

    with op.batch_alter_table("curation_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_curation_events_day"))

    op.drop_table("curation_events")
    with op.batch_alter_table("author_claims", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_author_claims_approved_position",
            sqlite_where=sa.text("status = 'approved'"),
            postgresql_where=sa.text("status = 'approved'"),
        )
        batch_op.drop_index(batch_op.f("ix_author_claims_user_id"))
        batch_op.drop_index("ix_author_claims_status_created_at")
        batch_op.drop_index(batch_op.f("ix_author_claims_author_key"))

    op.drop_table("author_claims")
