"""Reading an export back (`dailypapers import FILE` on a file `dailypapers export` wrote): into an empty instance
of the same schema, in one transaction, so a file that turns out truncated or malformed leaves nothing behind."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, LargeBinary, Table
from sqlalchemy.exc import DataError, IntegrityError

from dailypapers.db.engine import Database
from dailypapers.db.migrate import current_revision
from dailypapers.db.types import UTCDateTime
from dailypapers.services.instance_exports import (
    FORMAT_KEY,
    FORMAT_VERSION,
    LEFT_BEHIND,
    PRIVATE_TABLES,
    PUBLIC_TABLES,
    open_export,
)
from dailypapers.store.instance_rows import advance_id_sequence, count_rows, get_table, insert_rows

WRITE_BATCH = 1000
KNOWN_TABLES = frozenset(PUBLIC_TABLES + PRIVATE_TABLES)


class ExportUnreadable(Exception):
    """The file is not an export this version can read, or not whole; nothing was written."""


class InstanceNotEmpty(Exception):
    """The target already holds papers or members; an export goes into an empty instance only."""


@dataclass(frozen=True, slots=True)
class InstanceImportReport:
    path: Path
    row_counts: dict[str, int]
    include_private: bool


def import_instance(db: Database, *, path: Path) -> InstanceImportReport:
    """Load an export into this (migrated, empty) instance; raises ExportUnreadable or InstanceNotEmpty, having
    written nothing."""
    try:
        return _import(db, path=path)
    except (IntegrityError, DataError) as error:
        raise ExportUnreadable(f"{path}: the database refused a row ({error.orig})") from None


def _import(db: Database, *, path: Path) -> InstanceImportReport:
    with open_export(path) as lines, db.transaction() as connection:
        header = _parse(next(lines, ""), line_number=1)
        if header.get(FORMAT_KEY) != FORMAT_VERSION:
            raise ExportUnreadable(f"{path}: not a dailypapers export of version {FORMAT_VERSION}")
        schema = current_revision(db.engine)
        if header.get("schema") != schema:
            raise ExportUnreadable(
                f"{path}: exported at schema {header.get('schema')}, this instance is at {schema}: "
                "run the same dailypapers version on both sides (upgrade the older, migrate, export again)"
            )
        for name in ("papers", "users"):
            if count_rows(connection, table=get_table(name)) > 0:
                raise InstanceNotEmpty(f"this instance already holds {name}: import an export into an empty one")
        counts: dict[str, int] = {}
        pending: list[dict[str, Any]] = []
        current: Table | None = None
        decode: Callable[[dict[str, Any]], dict[str, Any]] = dict
        ended: dict[str, int] | None = None
        for line_number, line in enumerate(lines, start=2):
            record = _parse(line, line_number=line_number)
            if "end" in record:
                ended = record["end"]
                break
            table_name, row = record.get("table"), record.get("row")
            if not isinstance(table_name, str) or table_name not in KNOWN_TABLES or not isinstance(row, dict):
                why = f" ({table_name}: {LEFT_BEHIND[table_name]})" if table_name in LEFT_BEHIND else ""
                raise ExportUnreadable(f"{path}:{line_number}: not a row of a table an export holds{why}")
            if current is None or current.name != table_name:
                _flush(connection, current, pending)
                current, decode = get_table(table_name), _decoder(get_table(table_name))
                counts.setdefault(table_name, 0)
            pending.append(decode(row))
            counts[table_name] += 1
            if len(pending) >= WRITE_BATCH:
                _flush(connection, current, pending)
        _flush(connection, current, pending)
        if ended is None:
            raise ExportUnreadable(f"{path}: the file ends before the export does (truncated?); nothing was imported")
        if {name: count for name, count in ended.items() if count} != {n: c for n, c in counts.items() if c}:
            raise ExportUnreadable(f"{path}: the rows read ({counts}) are not those the export wrote ({ended})")
        for name in counts:
            advance_id_sequence(connection, table=get_table(name))
    return InstanceImportReport(path, counts, bool(header.get("include_private")))


def _flush(connection: Any, table: Table | None, pending: list[dict[str, Any]]) -> None:
    if table is not None and pending:
        insert_rows(connection, table=table, rows=pending)
    pending.clear()


def _parse(line: str, *, line_number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except ValueError as error:
        raise ExportUnreadable(f"line {line_number}: not JSON ({error})") from None
    if not isinstance(record, dict):
        raise ExportUnreadable(f"line {line_number}: not a JSON object")
    return record


def _decoder(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Turns a row's JSON values back into what its columns take, and refuses columns the table lacks."""
    converters: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        if isinstance(column.type, UTCDateTime):
            converters[column.name] = datetime.fromisoformat
        elif isinstance(column.type, Date):
            converters[column.name] = date.fromisoformat
        elif isinstance(column.type, LargeBinary):
            converters[column.name] = base64.b64decode

    def decode(row: dict[str, Any]) -> dict[str, Any]:
        unknown = set(row) - set(table.c.keys())
        if unknown:
            raise ExportUnreadable(f"{table.name}: columns this schema lacks: {', '.join(sorted(unknown))}")
        try:
            return {
                name: (converters[name](value) if value is not None and name in converters else value)
                for name, value in row.items()
            }
        except (ValueError, TypeError) as error:
            raise ExportUnreadable(f"{table.name}: a value does not fit its column ({error})") from None

    return decode
