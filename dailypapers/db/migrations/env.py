"""Alembic's entry: runs migrations on the connection `dailypapers.db.migrate` hands over."""

from __future__ import annotations

from alembic import context

from dailypapers.db.engine import create_db_engine
from dailypapers.db.schema import KEYWORD_INDEX_TABLES, metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = create_db_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        _run_on(connection)
    engine.dispose()


def _include_name(name: str | None, type_: str, _parents: object) -> bool:
    # The keyword index's tables are raw DDL in their migration; autogenerate must not offer to drop them.
    return not (type_ == "table" and any(name in names for names in KEYWORD_INDEX_TABLES.values()))


def _run_on(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
