"""Whole tables, row by row, for moving an instance: read in primary-key order, written in batches, and the id
sequences moved past what was written (PostgreSQL), so the next row made on the new instance gets a fresh id."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from dailypapers.db.schema import metadata

READ_BATCH = 1000


def get_table(name: str) -> Table:
    return metadata.tables[name]


def iterate_rows(connection: Connection, *, table: Table) -> Iterator[dict[str, Any]]:
    statement = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=READ_BATCH).execute(statement)
    for row in result:
        yield dict(row._mapping)


def insert_rows(connection: Connection, *, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        connection.execute(insert(table), list(rows))


def count_rows(connection: Connection, *, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def advance_id_sequence(connection: Connection, *, table: Table) -> None:
    """After rows were written with their ids, make the table's next id follow the largest (PostgreSQL keeps a
    sequence apart from the rows; SQLite takes the largest id plus one by itself)."""
    if connection.dialect.name != "postgresql" or "id" not in table.c or not table.c.id.autoincrement:
        return
    connection.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608 - table names from the schema
            f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
        )
    )
