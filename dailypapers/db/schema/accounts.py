"""Members, their sessions, API tokens and password links, and the shared rate-limit windows."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
)

from dailypapers.db.schema.base import metadata
from dailypapers.db.types import UTCDateTime

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),  # lower-cased
    Column("username", String(32), nullable=False, unique=True),  # lower-cased, [a-z0-9_-]
    Column("display_name", String(80)),
    Column("password_hash", String(255)),  # NULL until the person sets one through an emailed link
    Column("role", String(16), nullable=False, server_default="member"),
    Column("email_confirmed_at", UTCDateTime),  # NULL until the member follows the emailed link (or sets a password)
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("role IN ('admin', 'curator', 'member')", name="role"),
)


# Tokens below are stored as SHA-256 digests: a leaked table signs no one in.
sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)


api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(80), nullable=False),
    Column("prefix", String(16), nullable=False),  # the token's first characters, shown to tell tokens apart
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
)


password_tokens = Table(
    "password_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)


# One row per (action, key): the current fixed window and its hits. Shared by every web worker.
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("action", String(32), primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("window_start", UTCDateTime, nullable=False),
    Column("hit_count", Integer, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)
