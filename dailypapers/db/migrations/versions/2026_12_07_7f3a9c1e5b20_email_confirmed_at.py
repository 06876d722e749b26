"""users.email_confirmed_at: when the member proved they hold their address

Revision ID: 7f3a9c1e5b20
Revises: 4b7e9d2c1f08
Create Date: 2026-12-07 05:30:00

Accounts made before it count as confirmed from their creation: operators made them, or their members have used
the site under them already; asking them again would lock out people who did nothing wrong.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dailypapers.db.types import UTCDateTime

revision: str = "7f3a9c1e5b20"
down_revision: str | None = "4b7e9d2c1f08"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email_confirmed_at", UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET email_confirmed_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email_confirmed_at")
