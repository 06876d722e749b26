"""similar papers worked out at indexing, and a counter of writes that change what pages show

Revision ID: 9e4b6a1c2d83
Revises: 9e4b2f6a1c85
Create Date: 2026-12-07 08:00:00

similar_papers holds each paper's nearest papers, ranked. search_counters("pages") goes up in every transaction
that writes a table the public pages read from (triggers: per row on SQLite, per statement on PostgreSQL), in
that transaction, so a web node that saw number N and reads N again knows its cached pages are still current,
whichever node wrote.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9e4b6a1c2d83"
down_revision: str | None = "9e4b2f6a1c85"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What the anonymous pages and API reads show: papers and their lists, votes, comments (and their authors'
# names), verified authors, similar papers and the embeddings the live similar list is worked out from.
WATCHED = (
    "papers",
    "paper_authors",
    "paper_categories",
    "daily_entries",
    "votes",
    "comments",
    "users",
    "author_claims",
    "curation_events",
    "paper_embeddings",
    "similar_papers",
)
_BUMP = "UPDATE search_counters SET value = value + 1 WHERE name = 'pages';"
_OPERATIONS = ("insert", "update", "delete")


def upgrade() -> None:
    op.create_table(
        "similar_papers",
        sa.Column(
            "paper_id",
            sa.Integer(),
            sa.ForeignKey("papers.id", name="fk_similar_papers_paper_id_papers", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column(
            "similar_id",
            sa.Integer(),
            sa.ForeignKey("papers.id", name="fk_similar_papers_similar_id_papers", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("score", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("paper_id", "rank", name="pk_similar_papers"),
    )
    op.create_index("ix_similar_papers_similar_id", "similar_papers", ["similar_id"])
    counters = sa.table("search_counters", sa.column("name", sa.String), sa.column("value", sa.BigInteger))
    op.bulk_insert(counters, [{"name": "pages", "value": 0}])
    if op.get_context().dialect.name == "sqlite":
        for table in WATCHED:
            for operation in _OPERATIONS:
                op.execute(
                    f"CREATE TRIGGER {table}_pages_{operation} AFTER {operation.upper()} ON {table} BEGIN {_BUMP} END"
                )
        return
    op.execute(
        f"CREATE FUNCTION pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {_BUMP} RETURN NULL; END $$"
    )
    for table in WATCHED:
        op.execute(
            f"CREATE TRIGGER {table}_pages AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION pages_changed()"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for table in WATCHED:
            for operation in _OPERATIONS:
                op.execute(f"DROP TRIGGER {table}_pages_{operation}")
    else:
        for table in WATCHED:
            op.execute(f"DROP TRIGGER {table}_pages ON {table}")
        op.execute("DROP FUNCTION pages_changed()")
    op.execute("DELETE FROM search_counters WHERE name = 'pages'")
    op.drop_index("ix_similar_papers_similar_id", table_name="similar_papers")
    op.drop_table("similar_papers")
