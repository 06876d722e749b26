"""Alembic's entry: runs migrations on the connection `dailypapers.db.migrate` hands over."""

from __future__ import annotations

from alembic import context

from dailypapers.db.engine import create_db_engine
from dailypapers.db.schema import metadata

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


def _run_on(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
