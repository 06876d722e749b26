"""Engines and transactions. `Database` is what services receive: they open transactions, stores run in them.

SQLite gets WAL, foreign keys and a busy timeout, and transactions that SQLAlchemy controls itself (so that
savepoints work and writers take the lock up front with BEGIN IMMEDIATE instead of failing half-way).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

SQLITE_BUSY_TIMEOUT_MS = 15_000
# Connections a process keeps open, by backend, when the settings name no number (DAILYPAPERS_DATABASE_POOL_SIZE).
# A web worker answers up to 40 requests at once (anyio's thread pool): with fewer SQLite connections kept, a busy
# worker opened and closed one for nearly every request beyond the fifth, and searches under load answered 130
# req/s against 165 with 40 kept (docs/benchmarks.md, "Search under load"). A SQLite connection is a file handle
# in the process; a PostgreSQL one is a server process, and the server allows 100 by default across every process.
DEFAULT_POOL_SIZES = {"sqlite": 40, "postgresql": 10}
# Beyond the kept connections, a burst opens up to this many more, closed when returned.
POOL_OVERFLOW = 10


def create_db_engine(url: str, *, pool_size: int | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` keeping `pool_size` connections (by default the backend's DEFAULT_POOL_SIZES)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    in_memory = backend == "sqlite" and parsed.database in (None, "", ":memory:")
    if not in_memory:  # an in-memory SQLite database lives in one connection: there is no pool to size
        kwargs.setdefault("pool_size", pool_size or DEFAULT_POOL_SIZES.get(backend, 5))
        kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    if backend == "sqlite":
        if not in_memory:
            Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
        # Pooled connections move between web threads, one thread at a time.
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy: the sqlite3 module's own would break SAVEPOINT.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        _ensure_math_functions(dbapi_connection, cursor)
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _ensure_math_functions(dbapi_connection: Any, cursor: Any) -> None:
    # Trending keys need ln() and exp(); SQLite builds since 3.35 usually have them, older or leaner ones do not.
    try:
        cursor.execute("SELECT ln(1), exp(0)")
    except sqlite3.OperationalError:
        dbapi_connection.create_function("ln", 1, _ln, deterministic=True)
        dbapi_connection.create_function("exp", 1, _exp, deterministic=True)


def _ln(value: float | None) -> float | None:
    return math.log(value) if value is not None and value > 0 else None


def _exp(value: float | None) -> float | None:
    if value is None:
        return None
    try:
        return math.exp(value)
    except OverflowError:
        return None


class Database:
    """The way into the database for services: `transaction()` to write, `reading()` to read."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction, committed when the block ends without an error."""
        with self.engine.connect() as connection:
            connection = connection.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only snapshot; never commits."""
        with self.engine.connect() as connection, connection.begin() as transaction:
            yield connection
            transaction.rollback()

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A read transaction that sees one moment throughout, however long it runs (an export): PostgreSQL's
        default isolation would let each statement see what committed since the last, so it asks for REPEATABLE
        READ; a SQLite read transaction is such a snapshot already."""
        with self.engine.connect() as connection:
            if self.dialect == "postgresql":
                connection = connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with connection.begin() as transaction:
                yield connection
                transaction.rollback()

    @contextmanager
    def pinned(self) -> Iterator[Database]:
        """This database with every transaction on one connection: for a long run of short transactions (a digest
        run commits once per email), which then skips the pool's checkout and liveness ping each time."""
        with self.engine.connect() as connection:
            yield PinnedDatabase(connection)

    def dispose(self) -> None:
        self.engine.dispose()


class PinnedDatabase(Database):
    """Transactions, committed as usual, all on the one connection it holds (see `Database.pinned`)."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection.engine)
        self.connection = connection

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        connection = self.connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        connection = self.connection.execution_options(sqlite_begin="DEFERRED")
        with connection.begin() as transaction:
            yield connection
            transaction.rollback()

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        with self.reading() as connection:
            yield connection

    @contextmanager
    def pinned(self) -> Iterator[Database]:
        yield self


class BoundDatabase(Database):
    """A Database over one connection whose work is rolled back by its owner (tests use it).

    Each transaction becomes a savepoint, so a service that fails rolls back to where it started, as it
    would on its own.
    """

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection.engine)
        self.connection = connection

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.connection.begin_nested():
            yield self.connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.connection.begin_nested() as savepoint:
            yield self.connection
            savepoint.rollback()

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        with self.reading() as connection:  # the test's own transaction sees nothing else commit
            yield connection

    @contextmanager
    def pinned(self) -> Iterator[Database]:
        yield self  # one connection already, and its work must stay inside the test's transaction
