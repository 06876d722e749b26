"""job_runs.run_count and failed_run_count: every run and every failure of each job, by any worker

Revision ID: b81d4c6e2a97
Revises: 9b2e6f4a1c83
Create Date: 2026-12-07 08:00:00

Counted in the database rather than in the worker's memory: workers serve no metrics endpoint, and any web node
reads the counts for /metrics. Runs before this revision are not known; the counts start at zero.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b81d4c6e2a97"
down_revision: str | None = "9b2e6f4a1c83"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_runs") as batch:
        batch.add_column(sa.Column("run_count", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("failed_run_count", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("job_runs") as batch:
        batch.drop_column("failed_run_count")
        batch.drop_column("run_count")
