"""Papers, their authors and categories, the daily lists and what curators did to them, imported files."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from dailypapers.db.schema.base import metadata
from dailypapers.db.types import UTCDateTime

papers = Table(
    "papers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("arxiv_id", String(64), nullable=False, unique=True),
    Column("version", Integer),
    Column("title", Text, nullable=False),
    Column("abstract", Text, nullable=False),
    Column("primary_category", String(32)),
    Column("comment", Text),
    Column("journal_ref", Text),
    Column("doi", String(255)),
    Column("published_at", UTCDateTime, index=True),
    Column("arxiv_updated_at", UTCDateTime),
    Column("github_repo", String(512)),
    Column("github_stars", Integer),
    Column("project_page", String(1024)),
    Column("organization", String(255)),
    # When a curator or a verified author last set the code link or project page; imports leave them alone after.
    Column("links_edited_at", UTCDateTime),
    # Counts carried over from an imported Daily Papers archive; local votes and comments add to them.
    Column("imported_upvote_count", Integer, nullable=False, server_default="0"),
    Column("imported_comment_count", Integer, nullable=False, server_default="0"),
    # Counts the followed upstream (DAILYPAPERS_UPSTREAM_URL) last reported; NULL while it never listed the paper.
    # The counts below hold local + the larger of imported and upstream, so one crowd is never counted twice.
    Column("upstream_upvote_count", Integer),
    Column("upstream_comment_count", Integer),
    Column("upvote_count", Integer, nullable=False, server_default="0"),
    Column("comment_count", Integer, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # ln of the decayed event sum that trending ranks by (domain/trending.py); NULL while there are no events.
    Column("trending_key", Double),
    # The term of the imported upvotes and code bonus inside trending_key, kept to replace it when they change.
    Column("trending_base", Double),
    Index("ix_papers_trending_key", "trending_key"),
)


paper_authors = Table(
    "paper_authors",
    metadata,
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    # Lower-cased, accent- and space-folded name: the key of an author page.
    Column("name_key", String(255), nullable=False, index=True),
)


paper_categories = Table(
    "paper_categories",
    metadata,
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("category", String(32), primary_key=True),
    Index("ix_paper_categories_category_paper_id", "category", "paper_id"),
)


daily_entries = Table(
    "daily_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("submitter_name", String(255)),
    Column("pinned", Boolean, nullable=False, server_default=false()),
    # A member's submission: who (beside an imported archive's submitter_name) and what they said about it.
    Column("submitted_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("submission_comment", Text),
    # The curator's order among a day's pinned entries (1, 2, ...); NULL while unpinned.
    Column("position", Integer),
    # Its place (1, 2, ...) on the followed upstream's list of that day; NULL: not on it, a local entry.
    Column("upstream_position", Integer),
    # When a pull found the upstream no longer lists it that day; NULL while it does (or never did).
    Column("upstream_dropped_at", UTCDateTime),
    UniqueConstraint("day", "paper_id"),
    Index("ix_daily_entries_paper_id_day", "paper_id", "day"),
    Index("ix_daily_entries_submitted_by_day", "submitted_by", "day"),
)


imported_files = Table(
    "imported_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("format", String(32), nullable=False),
    Column("record_count", Integer, nullable=False),
    Column("skipped_count", Integer, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
)


# What curators did to daily lists, removals above all: the entry goes, this row says who took it and why.
curation_events = Table(
    "curation_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False, index=True),
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),  # NULL: the command line
    Column("action", String(16), nullable=False),
    Column("reason", Text),  # the curator's words
    Column("detail", Text),  # what the entry was, for a removal
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("action IN ('add', 'pin', 'unpin', 'move', 'remove')", name="action"),
)
