"""Email digests: subscriptions and their topics, and the digest ledger with each digest's papers."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
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

# Email digests. A subscription is an address (tied to an account when its owner confirmed it signed in);
# it receives nothing until confirmed (status `active`).
subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),  # lower-cased
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), unique=True),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("cadence", String(8), nullable=False, server_default="daily"),
    Column("paused", Boolean, nullable=False, server_default=false()),
    # Permanent delivery failures in a row; at the configured limit the address is suspended.
    Column("bounce_count", Integer, nullable=False, server_default="0"),
    Column("suspended_at", UTCDateTime),
    Column("confirmed_at", UTCDateTime),
    Column("unsubscribed_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("status IN ('pending', 'active', 'unsubscribed')", name="status"),
    CheckConstraint("cadence IN ('daily', 'weekly')", name="cadence"),
    Index("ix_subscriptions_cadence_status", "cadence", "status"),
)


subscription_topics = Table(
    "subscription_topics",
    metadata,
    Column("subscription_id", Integer, ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("key", String(255), primary_key=True),  # folded for matching: lower-cased words, an author's name_key
    Column("value", String(255), nullable=False),  # as the subscriber typed it
    Column("position", Integer, nullable=False),
    CheckConstraint("kind IN ('keyword', 'category', 'author')", name="kind"),
)


# The digest ledger: one row per (subscription, cadence, send date), created once, then claimed, sent, marked.
digests = Table(
    "digests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subscription_id", Integer, ForeignKey("subscriptions.id", ondelete="CASCADE"), nullable=False),
    Column("cadence", String(8), nullable=False),
    Column("send_date", Date, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),  # exclusive
    # Stable across attempts, so a receiver can drop the copy a crash in the send window may cause.
    Column("message_id", String(255), nullable=False, unique=True),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempt_count", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("claimed_by", String(128)),
    Column("last_attempt_at", UTCDateTime),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    UniqueConstraint("subscription_id", "cadence", "send_date"),
    Index("ix_digests_status_next_attempt_at", "status", "next_attempt_at"),
    CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name="status"),
)


digest_papers = Table(
    "digest_papers",
    metadata,
    Column("digest_id", Integer, ForeignKey("digests.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("subscription_id", Integer, ForeignKey("subscriptions.id", ondelete="CASCADE"), nullable=False),
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("section", String(16), nullable=False),
    Column("reason", String(255)),  # why a "for you" paper was picked: the topic it matched
    # A paper reaches a subscriber once, ever: the database refuses a second time.
    UniqueConstraint("subscription_id", "paper_id"),
    CheckConstraint("section IN ('trending', 'for_you')", name="section"),
)
