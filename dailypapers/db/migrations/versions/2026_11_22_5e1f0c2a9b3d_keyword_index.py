"""keyword index: FTS5 on SQLite, BM25 postings kept by triggers on PostgreSQL

Revision ID: 5e1f0c2a9b3d
Revises: 5734dd1df86a
Create Date: 2026-11-22 08:20:00

Neither is in db/schema.py: they are dialect-specific derived data, written only by the triggers created here.
SQLite: an external-content FTS5 table over papers(title, abstract), porter-stemmed, kept in step by triggers.
PostgreSQL: an inverted index (term, paper) with per-field frequencies, document lengths, each term's
document count and the corpus size, so that BM25 can be computed as FTS5 computes it (ts_rank cannot).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5e1f0c2a9b3d"
down_revision: str | None = "5734dd1df86a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UPGRADE = [
    """CREATE VIRTUAL TABLE paper_fts USING fts5(
        title, abstract, content='papers', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
        INSERT INTO paper_fts (rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
    END""",
    """CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
        INSERT INTO paper_fts (paper_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
    END""",
    """CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, abstract ON papers
    WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract BEGIN
        INSERT INTO paper_fts (paper_fts, rowid, title, abstract) VALUES ('delete', old.id, old.title, old.abstract);
        INSERT INTO paper_fts (rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
    END""",
    "INSERT INTO paper_fts (paper_fts) VALUES ('rebuild')",
]
SQLITE_DOWNGRADE = [
    "DROP TRIGGER papers_fts_update",
    "DROP TRIGGER papers_fts_delete",
    "DROP TRIGGER papers_fts_insert",
    "DROP TABLE paper_fts",
]

POSTGRES_UPGRADE = [
    "CREATE TABLE search_documents (paper_id integer PRIMARY KEY, length integer NOT NULL)",
    "CREATE TABLE search_terms (term text PRIMARY KEY, document_count integer NOT NULL)",
    # The primary key covers the frequencies, so scoring a term reads its postings from the index alone.
    """CREATE TABLE search_postings (
        term text NOT NULL,
        paper_id integer NOT NULL,
        title_frequency smallint NOT NULL,
        abstract_frequency smallint NOT NULL,
        document_length integer NOT NULL,
        CONSTRAINT pk_search_postings PRIMARY KEY (term, paper_id)
            INCLUDE (title_frequency, abstract_frequency, document_length)
    )""",
    """CREATE TABLE search_corpus (
        id smallint PRIMARY KEY CHECK (id = 1),
        document_count bigint NOT NULL,
        total_length bigint NOT NULL
    )""",
    "INSERT INTO search_corpus VALUES (1, 0, 0)",
    # Removing papers finds their postings through the lexemes of their old text (the triggers pass it), so the
    # postings need no second index by paper: that index cost more on every import than recomputing costs here.
    """CREATE FUNCTION search_unindex_papers(ids integer[], titles text[], abstracts text[]) RETURNS void
    LANGUAGE sql AS $$
        WITH gone AS (
            SELECT DISTINCT old.id AS paper_id, u.lexeme AS term
            FROM unnest(ids, titles, abstracts) AS old (id, title, abstract),
                 unnest(to_tsvector('english', old.title) || to_tsvector('english', old.abstract)) AS u
        ), removed AS (
            DELETE FROM search_postings AS p USING gone
            WHERE p.term = gone.term AND p.paper_id = gone.paper_id
            RETURNING p.term
        )
        UPDATE search_terms AS t SET document_count = t.document_count - r.n
        FROM (SELECT term, count(*) AS n FROM removed GROUP BY term) AS r
        WHERE t.term = r.term;
        UPDATE search_corpus SET document_count = document_count - gone.n, total_length = total_length - gone.total
        FROM (SELECT count(*) AS n, coalesce(sum(length), 0) AS total
              FROM search_documents WHERE paper_id = ANY(ids)) AS gone;
        DELETE FROM search_documents WHERE paper_id = ANY(ids);
    $$""",
    # Title lexemes carry weight A, abstract lexemes B: their counts are kept apart so that the field weights
    # are a query-time choice, as with FTS5's bm25().
    """CREATE FUNCTION search_index_papers(ids integer[]) RETURNS void LANGUAGE sql AS $$
        WITH vectors AS (
            SELECT id, setweight(to_tsvector('english', title), 'A')
                       || setweight(to_tsvector('english', abstract), 'B') AS vector
            FROM papers WHERE id = ANY(ids)
        ), lexemes AS (
            SELECT v.paper_id, v.term, v.title_frequency, v.positions - v.title_frequency AS abstract_frequency
            FROM (
                SELECT v.id AS paper_id, u.lexeme AS term, cardinality(u.positions) AS positions,
                       cardinality(array_positions(u.weights, 'A')) AS title_frequency
                FROM vectors AS v, unnest(v.vector) AS u
            ) AS v
        ), lengths AS (
            SELECT paper_id, sum(title_frequency + abstract_frequency) AS length FROM lexemes GROUP BY paper_id
        ), documents AS (
            INSERT INTO search_documents (paper_id, length) SELECT paper_id, length FROM lengths
        ), postings AS (
            INSERT INTO search_postings
            SELECT l.term, l.paper_id, least(l.title_frequency, 32767), least(l.abstract_frequency, 32767), d.length
            FROM lexemes AS l JOIN lengths AS d USING (paper_id)
        ), terms AS (
            INSERT INTO search_terms (term, document_count)
            SELECT term, count(*) FROM lexemes GROUP BY term ORDER BY term
            ON CONFLICT (term) DO UPDATE SET document_count = search_terms.document_count + excluded.document_count
        )
        UPDATE search_corpus SET document_count = document_count + (SELECT count(*) FROM lengths),
                                 total_length = total_length + (SELECT coalesce(sum(length), 0) FROM lengths);
    $$""",
    """CREATE FUNCTION search_papers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM search_index_papers(ARRAY(SELECT id FROM new_papers));
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_papers_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        changed integer[];
        titles text[];
        abstracts text[];
    BEGIN
        SELECT array_agg(o.id), array_agg(o.title), array_agg(o.abstract) INTO changed, titles, abstracts
        FROM new_papers AS n JOIN old_papers AS o ON o.id = n.id
        WHERE n.title IS DISTINCT FROM o.title OR n.abstract IS DISTINCT FROM o.abstract;
        IF changed IS NOT NULL THEN
            PERFORM search_unindex_papers(changed, titles, abstracts);
            PERFORM search_index_papers(changed);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_papers_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM search_unindex_papers(
            ARRAY(SELECT id FROM old_papers ORDER BY id),
            ARRAY(SELECT title FROM old_papers ORDER BY id),
            ARRAY(SELECT abstract FROM old_papers ORDER BY id)
        );
        RETURN NULL;
    END $$""",
    # Statement-level triggers with transition tables: a batch of 2,000 inserted papers is indexed in one go.
    """CREATE TRIGGER papers_search_insert AFTER INSERT ON papers REFERENCING NEW TABLE AS new_papers
        FOR EACH STATEMENT EXECUTE FUNCTION search_papers_inserted()""",
    """CREATE TRIGGER papers_search_update AFTER UPDATE ON papers
        REFERENCING OLD TABLE AS old_papers NEW TABLE AS new_papers
        FOR EACH STATEMENT EXECUTE FUNCTION search_papers_updated()""",
    """CREATE TRIGGER papers_search_delete AFTER DELETE ON papers REFERENCING OLD TABLE AS old_papers
        FOR EACH STATEMENT EXECUTE FUNCTION search_papers_deleted()""",
    "SELECT search_index_papers(ARRAY(SELECT id FROM papers))",
]
POSTGRES_DOWNGRADE = [
    "DROP TRIGGER papers_search_delete ON papers",
    "DROP TRIGGER papers_search_update ON papers",
    "DROP TRIGGER papers_search_insert ON papers",
    "DROP FUNCTION search_papers_deleted()",
    "DROP FUNCTION search_papers_updated()",
    "DROP FUNCTION search_papers_inserted()",
    "DROP FUNCTION search_index_papers(integer[])",
    "DROP FUNCTION search_unindex_papers(integer[], text[], text[])",
    "DROP TABLE search_corpus",
    "DROP TABLE search_postings",
    "DROP TABLE search_terms",
    "DROP TABLE search_documents",
]


def upgrade() -> None:
    statements = SQLITE_UPGRADE if op.get_context().dialect.name == "sqlite" else POSTGRES_UPGRADE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWNGRADE if op.get_context().dialect.name == "sqlite" else POSTGRES_DOWNGRADE
    for statement in statements:
        op.execute(statement)
