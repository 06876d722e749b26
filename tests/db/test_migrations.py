"""The migrations and dailypapers/db/schema.py describe the same database, on each dialect."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from dailypapers.db.migrate import alembic_config, current_revision, head_revision
from dailypapers.db.schema import metadata


def test_migrated_database_matches_the_schema(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_the_database_is_at_the_single_head(migrated_engine: Engine) -> None:
    script = ScriptDirectory.from_config(alembic_config(migrated_engine))
    assert len(script.get_heads()) == 1, "migrations have forked: add a merge revision"
    assert current_revision(migrated_engine) == head_revision(migrated_engine)


def test_migration_files_carry_dated_names(migrated_engine: Engine) -> None:
    script = ScriptDirectory.from_config(alembic_config(migrated_engine))
    for revision in script.walk_revisions():
        name = revision.path.rsplit("/", 1)[-1]
        assert name[:4].isdigit() and name[4] == "_" and name[7] == "_", name
