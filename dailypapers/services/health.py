"""Whether this process can serve: the database answers, its schema is the code's, and the state of search.

A node whose search is degraded (no model, papers waiting to be embedded) still serves pages and keyword search,
so it is ready; one that cannot reach its database, or runs against another schema, is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from dailypapers.db.engine import Database
from dailypapers.db.migrate import current_revision, head_revision
from dailypapers.search.embeddings import count_embedding_candidates, count_embeddings
from dailypapers.search.indexes import SearchIndexes


@dataclass(frozen=True, slots=True)
class SearchState:
    semantic: bool  # whether the semantic leg can answer
    problem: str | None  # why it cannot, when it cannot
    embedded_count: int
    waiting_count: int  # papers added or changed since they were embedded


@dataclass(frozen=True, slots=True)
class Readiness:
    database: str | None  # None: reachable; else what went wrong
    schema_revision: str | None
    code_revision: str | None
    search: SearchState | None

    @property
    def ready(self) -> bool:
        return self.database is None and self.schema_revision == self.code_revision


def check_readiness(db: Database, indexes: SearchIndexes) -> Readiness:
    code = head_revision(db.engine)
    try:
        with db.reading() as connection:
            connection.execute(text("SELECT 1"))
        schema = current_revision(db.engine)
    except SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error  # the driver's own words, without SQLAlchemy's SQL echo
        return Readiness(f"{type(error).__name__}: {str(cause).strip()}", None, code, None)
    search = _search_state(db, indexes) if schema == code else None
    return Readiness(None, schema, code, search)


def _search_state(db: Database, indexes: SearchIndexes) -> SearchState:
    model = indexes.model
    if not model.available:
        return SearchState(False, model.problem, 0, 0)
    with db.reading() as connection:
        embedded = count_embeddings(connection, model_id=model.model_id)
        waiting = count_embedding_candidates(connection, model_id=model.model_id)
    problem = None if embedded else "no paper is embedded yet: run `dailypapers index`"
    return SearchState(embedded > 0, problem, embedded, waiting)
