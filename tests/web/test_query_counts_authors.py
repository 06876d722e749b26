"""The pages this feature adds or fills cost a fixed number of queries, however many papers they show."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services.claims import claim_author, decide_claim
from tests.factories import NOW

DAY = date(2025, 6, 12)
MAX_QUERIES = 25


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def queries(client: TestClient, db: Database, path: str) -> int:
    with counting(db) as statements:
        assert client.get(path).status_code == 200, path
    return len(statements)


def test_busy_pages_cost_the_same_few_queries_for_3_papers_as_for_12(
    client: TestClient, db: Database, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    admin = sign_in(role="admin", username="root1")
    paths = ["/papers/date/2025-06-12", "/authors/grace-hopper", "/users/root1", "/admin/claims?status=approved"]

    def add_papers(count: int) -> None:
        for _ in range(count):
            arxiv_id = make_paper(day=DAY, authors=("Grace Hopper", "Ada Lovelace"))
            claim = claim_author(db, arxiv_id=arxiv_id, user=admin, position=0, now=NOW)
            decide_claim(db, claim_id=claim.id, admin=admin, approve=True, now=NOW)

    add_papers(3)
    few = {path: queries(client, db, path) for path in paths}
    add_papers(9)
    many = {path: queries(client, db, path) for path in paths}
    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many
