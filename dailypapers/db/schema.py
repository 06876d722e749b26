"""The tables, as SQLAlchemy Core, shared by SQLite and PostgreSQL. Migrations must agree with this file."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)

from dailypapers.db.types import UTCDateTime

# Stable constraint names let migrations refer to them on both dialects.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

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

# One sentence embedding per paper, as little-endian float32 bytes: the same data on both dialects. The vector
# indexes (in-process HNSW, pgvector) are built from this table and can always be rebuilt from it.
paper_embeddings = Table(
    "paper_embeddings",
    metadata,
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("model_id", String(255), nullable=False),
    # sha256 of the text that was embedded: a paper whose title or abstract changes is embedded again.
    Column("content_hash", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),
    # Taken from search_counters("embeddings") in the writing transaction: a process holding an index
    # catches up by reading the rows with a higher sequence than the last it saw.
    Column("sequence", BigInteger, nullable=False, index=True),
    Column("embedded_at", UTCDateTime, nullable=False),
)

# Each paper's nearest papers by embedding, worked out when the paper is indexed (services/similar_lists.py) so a
# page view reads a list instead of searching; a paper's neighbours' lists are redone when it is indexed, since it
# may belong in them. A paper with no rows here gets the live computation.
similar_papers = Table(
    "similar_papers",
    metadata,
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("similar_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("score", Double, nullable=False),
)

search_counters = Table(
    "search_counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Papers whose title or abstract was written (inserted, changed or deleted), in commit order: triggers of the
# keyword-changes migration append a row per paper under a number taken from search_counters("keyword") in the
# writing transaction. The on-disk keyword index (search/keyword_mirror.py) catches up by reading the rows past the
# last number it holds; `dailypapers index` prunes the rows it has applied. No foreign key: deleted papers' rows stay.
keyword_changes = Table(
    "keyword_changes",
    metadata,
    Column("sequence", BigInteger, primary_key=True, autoincrement=False),
    Column("paper_id", Integer, nullable=False),
)

# Keyword-index tables created by raw DDL in the keyword-index migration, one set per dialect, written only by
# triggers. Alembic's autogenerate and the schema-agreement test leave them alone by these names.
KEYWORD_INDEX_TABLES = {
    "sqlite": frozenset({"paper_fts", "paper_fts_config", "paper_fts_data", "paper_fts_docsize", "paper_fts_idx"}),
    "postgresql": frozenset({"search_corpus", "search_documents", "search_postings", "search_terms"}),
}
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

# The personal layer: what a member keeps, follows and turns away. Each row belongs to one member and goes with them.

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

# A member's private feed key: their For you and saved-search feeds are read with a token made from `nonce` and
# signed with the site's secret key (domain/feed_tokens.py). Deleting the row revokes every link made from it.
feed_tokens = Table(
    "feed_tokens",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("nonce", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# Freshness: code links as people corrected them, repositories' stars as GitHub reports them, papers asked for.

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
