"""Freshness: code links as people corrected them, repositories' stars, papers asked for, an upstream's extras."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)

from dailypapers.db.schema.base import metadata
from dailypapers.db.types import UTCDateTime

# Every change a person (or a followed GitHub move) made to a paper's code link or project page.
paper_link_changes = Table(
    "paper_link_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("actor_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),  # NULL: the command line or a job
    Column("field", String(16), nullable=False),
    Column("old_value", Text),
    Column("new_value", Text),
    Column("reason", Text),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("field IN ('github_repo', 'project_page')", name="field"),
)


# A GitHub repository some paper links to, as the stars refresh last found it.
code_repos = Table(
    "code_repos",
    metadata,
    Column("url", String(512), primary_key=True),  # the normalised link, as in papers.github_repo
    Column("etag", String(255)),  # sent back as If-None-Match: an unchanged repository costs no rate limit
    Column("stars", Integer),
    Column("checked_at", UTCDateTime, index=True),
    Column("gone_at", UTCDateTime),  # GitHub answered 404 or 451: deleted, made private or blocked
    Column("moved_to", String(512)),
)


# One count of stars per repository and day: what "stars gained this week" is measured against.
code_repo_stars = Table(
    "code_repo_stars",
    metadata,
    Column("url", String(512), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("stars", Integer, nullable=False),
)


# Papers readers asked to index ("Index it", POST /api/papers/index): fetched from arXiv by the worker.
index_requests = Table(
    "index_requests",
    metadata,
    Column("arxiv_id", String(64), primary_key=True),
    Column("requested_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("requested_at", UTCDateTime, nullable=False, index=True),
    Column("attempt_count", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("retry_at", UTCDateTime),
)


# Following an upstream list (services/upstream.py): what the upstream says of a paper beyond its arXiv metadata,
# kept when it says it. Keywords and media URLs are JSON lists of strings.
upstream_papers = Table(
    "upstream_papers",
    metadata,
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("ai_summary", Text),
    Column("ai_keywords", Text),
    Column("thumbnail_url", String(1024)),
    Column("media_urls", Text),
    Column("updated_at", UTCDateTime, nullable=False),
)


# The upstream's days pulled to the end: a pull without --from starts two days before the latest of them.
upstream_days = Table(
    "upstream_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("entry_count", Integer, nullable=False),
    Column("pulled_at", UTCDateTime, nullable=False),
)
