"""The tables, as SQLAlchemy Core, shared by SQLite and PostgreSQL. Migrations must agree with this package.

Tables are declared by area in the modules beside this one, all on one `metadata`; every name is importable from
here, and importing this package declares them all.
"""

from __future__ import annotations

from dailypapers.db.schema.accounts import (
    api_tokens,
    password_tokens,
    rate_limits,
    sessions,
    users,
)
from dailypapers.db.schema.base import metadata
from dailypapers.db.schema.catalog import (
    curation_events,
    daily_entries,
    imported_files,
    paper_authors,
    paper_categories,
    papers,
)
from dailypapers.db.schema.community import (
    author_claims,
    comments,
    votes,
)
from dailypapers.db.schema.freshness import (
    code_repo_stars,
    code_repos,
    index_requests,
    paper_link_changes,
    upstream_days,
    upstream_papers,
)
from dailypapers.db.schema.indexing import (
    KEYWORD_INDEX_TABLES,
    keyword_changes,
    paper_embeddings,
    search_counters,
    similar_papers,
)
from dailypapers.db.schema.mailing import (
    digest_papers,
    digests,
    subscription_topics,
    subscriptions,
)
from dailypapers.db.schema.operations import (
    harvest_states,
    job_runs,
    leases,
)
from dailypapers.db.schema.personal import (
    collection_items,
    collections,
    dismissals,
    feed_tokens,
    follows,
    saved_searches,
)

__all__ = [
    "KEYWORD_INDEX_TABLES",
    "api_tokens",
    "author_claims",
    "code_repo_stars",
    "code_repos",
    "collection_items",
    "collections",
    "comments",
    "curation_events",
    "daily_entries",
    "digest_papers",
    "digests",
    "dismissals",
    "feed_tokens",
    "follows",
    "harvest_states",
    "imported_files",
    "index_requests",
    "job_runs",
    "keyword_changes",
    "leases",
    "metadata",
    "paper_authors",
    "paper_categories",
    "paper_embeddings",
    "paper_link_changes",
    "papers",
    "password_tokens",
    "rate_limits",
    "saved_searches",
    "search_counters",
    "sessions",
    "similar_papers",
    "subscription_topics",
    "subscriptions",
    "upstream_days",
    "upstream_papers",
    "users",
    "votes",
]
