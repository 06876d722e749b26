"""The few statements whose spelling differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Double, Table, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert


def insert_ignoring_conflicts(connection: Connection, table: Table) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING: the row is added unless a unique key already holds it."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def insert_for_dialect(connection: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's own INSERT, which offers ON CONFLICT ... DO UPDATE (an upsert) on both."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def greatest(connection: Connection, *values: ColumnElement[Any]) -> ColumnElement[Any]:
    """The larger of its arguments: GREATEST on PostgreSQL, the scalar max() on SQLite."""
    if connection.dialect.name == "postgresql":
        return func.greatest(*values)
    return func.max(*values)


def epoch_seconds(connection: Connection, value: ColumnElement[Any]) -> ColumnElement[float]:
    """Seconds since 1970 of a UTCDateTime column (SQLite stores naive UTC text, which julianday() reads)."""
    if connection.dialect.name == "postgresql":
        return func.extract("epoch", value).cast(Double)
    return (func.julianday(value) - _UNIX_EPOCH_JULIAN_DAY) * 86400.0


_UNIX_EPOCH_JULIAN_DAY = 2440587.5
