"""What members add to papers: upvotes, comments, and claims of authorship."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from dailypapers.db.schema.base import metadata
from dailypapers.db.types import UTCDateTime

# One upvote per member per paper; papers.upvote_count moves with each row added or removed.
votes = Table(
    "votes",
    metadata,
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_votes_user_id", "user_id"),
)


# Threaded by parent_id. A deleted or hidden comment keeps its row, so its replies keep their place.
comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False),
    Column("parent_id", Integer, ForeignKey("comments.id", ondelete="CASCADE"), index=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), index=True),
    Column("body", Text, nullable=False),  # Markdown as written; emptied on delete
    Column("body_html", Text, nullable=False),  # rendered and sanitised on write
    Column("created_at", UTCDateTime, nullable=False),
    Column("edited_at", UTCDateTime),
    Column("deleted_at", UTCDateTime),
    Column("hidden_at", UTCDateTime),
    Column("hidden_by_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("hidden_reason", String(200)),
    Index("ix_comments_paper_id_created_at", "paper_id", "created_at"),
)


# A member saying "this author is me"; an admin approves or rejects. One approved claimant per author position.
author_claims = Table(
    "author_claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False),
    Column("author_position", Integer, nullable=False),
    # The name as claimed: a newer arXiv version may reorder the byline, the name finds the author again.
    Column("author_name", Text, nullable=False),
    Column("author_key", String(255), nullable=False, index=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("decided_at", UTCDateTime),
    Column("decided_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
    # One claim per member and paper: a rejected claim is not filed again and again.
    UniqueConstraint("paper_id", "user_id"),
    Index("ix_author_claims_status_created_at", "status", "created_at"),
    Index(
        "uq_author_claims_approved_position",
        "paper_id",
        "author_position",
        unique=True,
        sqlite_where=text("status = 'approved'"),
        postgresql_where=text("status = 'approved'"),
    ),
)
