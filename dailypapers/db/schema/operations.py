"""Running the site: leases on recurring jobs, the jobs' run records, where the arXiv harvest stands."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    Integer,
    String,
    Table,
    Text,
)

from dailypapers.db.schema.base import metadata
from dailypapers.db.types import UTCDateTime

# Leases: who may run something (a recurring job, the digest sender) until when; taken by one atomic UPDATE.
leases = Table(
    "leases",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(128)),
    Column("acquired_at", UTCDateTime),
    Column("expires_at", UTCDateTime, nullable=False),
)


job_runs = Table(
    "job_runs",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("last_slot_at", UTCDateTime),  # the scheduled time the last completed run was for
    Column("last_started_at", UTCDateTime),
    Column("last_finished_at", UTCDateTime),
    Column("last_outcome", String(16)),
    Column("last_summary", Text),
    Column("failure_count", Integer, nullable=False, server_default="0"),  # failed runs since the last success
    Column("retry_at", UTCDateTime),
    # Every run, and every failed run, ever (for /metrics).
    Column("run_count", Integer, nullable=False, server_default="0"),
    Column("failed_run_count", Integer, nullable=False, server_default="0"),
)


# Where the arXiv OAI-PMH harvest of each set stands: the day it is complete through, and the list a run is part way
# through (its arguments and the last resumption token applied), so a stopped or killed run resumes there.
harvest_states = Table(
    "harvest_states",
    metadata,
    Column("set_spec", String(64), primary_key=True),
    Column("harvested_through", Date),  # the next run without --from starts here
    Column("run_from", Date),
    Column("run_until", Date),
    Column("run_started_at", UTCDateTime),  # the repository's clock at the list's first page
    Column("resumption_token", Text),  # NULL: no list under way, or none past its first page yet
    Column("records_done", Integer, nullable=False, server_default="0"),
    Column("complete_list_size", Integer),
    Column("updated_at", UTCDateTime, nullable=False),
)
