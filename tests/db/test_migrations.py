"""The migrations and dailypapers/db/schema/ describe the same database, on each dialect."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from dailypapers.db.migrate import alembic_config, current_revision, head_revision
from dailypapers.db.schema import KEYWORD_INDEX_TABLES, metadata


def test_migrated_database_matches_the_schema(migrated_engine: Engine) -> None:
    ignored = KEYWORD_INDEX_TABLES[migrated_engine.dialect.name]

    def include_name(name: str | None, type_: str, _parents: object) -> bool:
        return not (type_ == "table" and name in ignored)

    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_name})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_only_the_keyword_index_tables_are_left_out_of_the_comparison(migrated_engine: Engine) -> None:
    # The exclusion above must not hide anything else: every table outside the schema is a keyword-index table.
    tables = set(inspect(migrated_engine).get_table_names()) - set(metadata.tables) - {"alembic_version"}
    assert tables == KEYWORD_INDEX_TABLES[migrated_engine.dialect.name]


def test_the_database_is_at_the_single_head(migrated_engine: Engine) -> None:
    script = ScriptDirectory.from_config(alembic_config(migrated_engine))
    assert len(script.get_heads()) == 1, "migrations have forked: add a merge revision"
    assert current_revision(migrated_engine) == head_revision(migrated_engine)


def test_migration_files_carry_dated_names(migrated_engine: Engine) -> None:
    script = ScriptDirectory.from_config(alembic_config(migrated_engine))
    for revision in script.walk_revisions():
        name = revision.path.rsplit("/", 1)[-1]
        assert name[:4].isdigit() and name[4] == "_" and name[7] == "_", name
