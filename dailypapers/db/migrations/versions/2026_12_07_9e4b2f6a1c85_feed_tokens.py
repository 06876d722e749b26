"""feed_tokens: each member's revocable key for their private feeds (For you, saved searches)

Revision ID: 9e4b2f6a1c85
Revises: b81d4c6e2a97
Create Date: 2026-12-07 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dailypapers.db.types import UTCDateTime

revision: str = "9e4b2f6a1c85"
down_revision: str | None = "b81d4c6e2a97"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_tokens",
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_feed_tokens_user_id_users", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_feed_tokens"),
        sa.UniqueConstraint("nonce", name="uq_feed_tokens_nonce"),
    )


def downgrade() -> None:
    op.drop_table("feed_tokens")
