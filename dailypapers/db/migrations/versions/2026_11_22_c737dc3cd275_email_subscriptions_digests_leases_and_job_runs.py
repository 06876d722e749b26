"""email subscriptions, digests (the sending ledger), leases and job runs

Revision ID: c737dc3cd275
Revises: c600b985b1e4
Create Date: 2026-11-22 09:01:04.878878
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import dailypapers.db.types

revision: str = "c737dc3cd275"
down_revision: str | None = "c600b985b1e4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("last_slot_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_started_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_outcome", sa.String(length=16), nullable=True),
        sa.Column("last_summary", sa.Text(), nullable=True),
        sa.Column("failure_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("retry_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_runs")),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=True),
        sa.Column("acquired_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expires_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("cadence", sa.String(length=8), server_default="daily", nullable=False),
        sa.Column("paused", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("bounce_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("suspended_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("unsubscribed_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("cadence IN ('daily', 'weekly')", name=op.f("ck_subscriptions_cadence")),
        sa.CheckConstraint("status IN ('pending', 'active', 'unsubscribed')", name=op.f("ck_subscriptions_status")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_subscriptions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("email", name=op.f("uq_subscriptions_email")),
        sa.UniqueConstraint("user_id", name=op.f("uq_subscriptions_user_id")),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index("ix_subscriptions_cadence_status", ["cadence", "status"], unique=False)

    op.create_table(
        "digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("cadence", sa.String(length=8), nullable=False),
        sa.Column("send_date", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("attempt_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        sa.Column("last_attempt_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", dailypapers.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name=op.f("ck_digests_status")
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_digests_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digests")),
        sa.UniqueConstraint("message_id", name=op.f("uq_digests_message_id")),
        sa.UniqueConstraint(
            "subscription_id", "cadence", "send_date", name=op.f("uq_digests_subscription_id_cadence_send_date")
        ),
    )
    with op.batch_alter_table("digests", schema=None) as batch_op:
        batch_op.create_index("ix_digests_status_next_attempt_at", ["status", "next_attempt_at"], unique=False)

    op.create_table(
        "subscription_topics",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('keyword', 'category', 'author')", name=op.f("ck_subscription_topics_kind")),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_subscription_topics_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subscription_id", "kind", "key", name=op.f("pk_subscription_topics")),
    )
    op.create_table(
        "digest_papers",
        sa.Column("digest_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=True),
        sa.CheckConstraint("section IN ('trending', 'for_you')", name=op.f("ck_digest_papers_section")),
        sa.ForeignKeyConstraint(
            ["digest_id"], ["digests.id"], name=op.f("fk_digest_papers_digest_id_digests"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"], ["papers.id"], name=op.f("fk_digest_papers_paper_id_papers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_digest_papers_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("digest_id", "position", name=op.f("pk_digest_papers")),
        sa.UniqueConstraint("subscription_id", "paper_id", name=op.f("uq_digest_papers_subscription_id_paper_id")),
    )
    with op.batch_alter_table("digest_papers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_digest_papers_paper_id"), ["paper_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("digest_papers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digest_papers_paper_id"))

    op.drop_table("digest_papers")
    op.drop_table("subscription_topics")
    with op.batch_alter_table("digests", schema=None) as batch_op:
        batch_op.drop_index("ix_digests_status_next_attempt_at")

    op.drop_table("digests")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_subscriptions_cadence_status")

    op.drop_table("subscriptions")
    op.drop_table("leases")
    op.drop_table("job_runs")
