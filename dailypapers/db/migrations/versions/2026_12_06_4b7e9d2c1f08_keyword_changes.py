"""keyword changes: a log of papers whose searchable text was written, for the on-disk keyword index

Revision ID: 4b7e9d2c1f08
Revises: c737dc3cd275
Create Date: 2026-12-06 04:00:00

Triggers on papers append (sequence, paper_id) for every insert, delete and change of title or abstract. The
sequence comes from search_counters("keyword"), updated in the writing transaction: on PostgreSQL the row lock
makes numbers follow commit order, so a reader that has applied number N has seen every change numbered below it.
search_counters("keyword_pruned") records the highest number pruned from the log; an index older than it rebuilds.
Papers written before this migration need no rows: an index with nothing on disk is built from the papers table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4b7e9d2c1f08"
down_revision: str | None = "c737dc3cd275"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEXT = "UPDATE search_counters SET value = value + 1 WHERE name = 'keyword';"
_LOG = (
    "INSERT INTO keyword_changes (sequence, paper_id) "
    "SELECT value, {row}.id FROM search_counters WHERE name = 'keyword';"
)

SQLITE_UPGRADE = [
    f"""CREATE TRIGGER papers_keyword_insert AFTER INSERT ON papers BEGIN
        {_NEXT} {_LOG.format(row="new")}
    END""",
    f"""CREATE TRIGGER papers_keyword_delete AFTER DELETE ON papers BEGIN
        {_NEXT} {_LOG.format(row="old")}
    END""",
    f"""CREATE TRIGGER papers_keyword_update AFTER UPDATE OF title, abstract ON papers
    WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract BEGIN
        {_NEXT} {_LOG.format(row="new")}
    END""",
]
SQLITE_DOWNGRADE = [
    "DROP TRIGGER papers_keyword_update",
    "DROP TRIGGER papers_keyword_delete",
    "DROP TRIGGER papers_keyword_insert",
]

POSTGRES_UPGRADE = [
    """CREATE FUNCTION keyword_log_changes(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
        n integer := coalesce(cardinality(ids), 0);
        last bigint;
    BEGIN
        IF n = 0 THEN
            RETURN;
        END IF;
        UPDATE search_counters SET value = value + n WHERE name = 'keyword' RETURNING value INTO last;
        INSERT INTO keyword_changes (sequence, paper_id)
        SELECT last - n + u.position, u.id FROM unnest(ids) WITH ORDINALITY AS u (id, position);
    END $$""",
    """CREATE FUNCTION keyword_papers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM keyword_log_changes(ARRAY(SELECT id FROM new_papers ORDER BY id));
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION keyword_papers_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM keyword_log_changes(ARRAY(
            SELECT n.id FROM new_papers AS n JOIN old_papers AS o ON o.id = n.id
            WHERE n.title IS DISTINCT FROM o.title OR n.abstract IS DISTINCT FROM o.abstract
            ORDER BY n.id
        ));
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION keyword_papers_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM keyword_log_changes(ARRAY(SELECT id FROM old_papers ORDER BY id));
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER papers_keyword_insert AFTER INSERT ON papers REFERENCING NEW TABLE AS new_papers
        FOR EACH STATEMENT EXECUTE FUNCTION keyword_papers_inserted()""",
    """CREATE TRIGGER papers_keyword_update AFTER UPDATE ON papers
        REFERENCING OLD TABLE AS old_papers NEW TABLE AS new_papers
        FOR EACH STATEMENT EXECUTE FUNCTION keyword_papers_updated()""",
    """CREATE TRIGGER papers_keyword_delete AFTER DELETE ON papers REFERENCING OLD TABLE AS old_papers
        FOR EACH STATEMENT EXECUTE FUNCTION keyword_papers_deleted()""",
]
POSTGRES_DOWNGRADE = [
    "DROP TRIGGER papers_keyword_delete ON papers",
    "DROP TRIGGER papers_keyword_update ON papers",
    "DROP TRIGGER papers_keyword_insert ON papers",
    "DROP FUNCTION keyword_papers_deleted()",
    "DROP FUNCTION keyword_papers_updated()",
    "DROP FUNCTION keyword_papers_inserted()",
    "DROP FUNCTION keyword_log_changes(integer[])",
]


def upgrade() -> None:
    op.create_table(
        "keyword_changes",
        sa.Column("sequence", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_keyword_changes")),
    )
    counters = sa.table("search_counters", sa.column("name", sa.String), sa.column("value", sa.BigInteger))
    op.bulk_insert(counters, [{"name": "keyword", "value": 0}, {"name": "keyword_pruned", "value": 0}])
    statements = SQLITE_UPGRADE if op.get_context().dialect.name == "sqlite" else POSTGRES_UPGRADE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWNGRADE if op.get_context().dialect.name == "sqlite" else POSTGRES_DOWNGRADE
    for statement in statements:
        op.execute(statement)
    op.execute("DELETE FROM search_counters WHERE name IN ('keyword', 'keyword_pruned')")
    op.drop_table("keyword_changes")
