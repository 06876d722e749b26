"""harvest_states: how far the arXiv OAI-PMH harvest of each set has come

Revision ID: 9b2e6f4a1c83
Revises: 5d1e8a3b7c42
Create Date: 2026-12-07 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dailypapers.db.types import UTCDateTime

revision: str = "9b2e6f4a1c83"
down_revision: str | None = "5d1e8a3b7c42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "harvest_states",
        sa.Column("set_spec", sa.String(64), nullable=False),
        sa.Column("harvested_through", sa.Date(), nullable=True),
        sa.Column("run_from", sa.Date(), nullable=True),
        sa.Column("run_until", sa.Date(), nullable=True),
        sa.Column("run_started_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("resumption_token", sa.Text(), nullable=True),
        sa.Column("records_done", sa.Integer(), server_default="0", nullable=False),
        sa.Column("complete_list_size", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("set_spec", name=op.f("pk_harvest_states")),
    )


def downgrade() -> None:
    op.drop_table("harvest_states")
