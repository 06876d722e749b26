"""The personal layer: what a member keeps, follows and turns away, and their private feed key. Each row
belongs to one member and goes with them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
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

# A named reading list; `slug` is unique per owner and names its page (/collections/<username>/<slug>).
collections = Table(
    "collections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("slug", String(80), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("private", Boolean, nullable=False, server_default=false()),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_id", "slug"),
)


# A paper in a collection, in the owner's order, with the owner's note.
collection_items = Table(
    "collection_items",
    metadata,
    Column("collection_id", Integer, ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True),
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("added_at", UTCDateTime, nullable=False),
    Index("ix_collection_items_paper_id", "paper_id"),
)


# What a member follows: an author (by name key, or a member whose claim is verified), an arXiv category.
# `target` is the normalised key (an author's name_key, a category such as cs.CL, a username); `label` is how
# it was written, for display.
follows = Table(
    "follows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("target", String(255), nullable=False),
    Column("label", String(255), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_id", "kind", "target"),
    CheckConstraint("kind IN ('author', 'member', 'category')", name="kind"),
)


# A search a member saved from the results page: the query with its mode and filters, as the search page's
# own query string parameters (JSON object), so the saved search reruns exactly.
saved_searches = Table(
    "saved_searches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("query", Text, nullable=False),
    Column("params", Text, nullable=False, server_default="{}"),
    Column("created_at", UTCDateTime, nullable=False),
)


# "Not interested": a paper a member turned away; a negative signal for For you, and hidden from it. Undoable.
dismissals = Table(
    "dismissals",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
)


# A member's private feed key: their For you and saved-search feeds are read with a token made from `nonce` and
# signed with the site's secret key (domain/feed_tokens.py). Deleting the row revokes every link made from it.
feed_tokens = Table(
    "feed_tokens",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("nonce", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
)
