"""The busiest pages ask the database a fixed number of questions, however many cards or papers they show.

Counted with SQLAlchemy's before_cursor_execute event, for a signed-in member (whose votes each card shows).
"""

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services.claims import claim_author, decide_claim
from dailypapers.services.comments import add_comment
from dailypapers.services.votes import cast_vote
from tests.factories import NOW

MAX_STATEMENTS = 22  # measured: 10 on a day page, 10 on trending; 22 on a paper page: comments, claims, similar papers,
# stars gained, whether the member follows its category


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN")):
            self.statements.append(statement)


@pytest.fixture
def count_statements(migrated_engine: Engine) -> Iterator[Callable[[Callable[[], object]], int]]:
    def count(action: Callable[[], object]) -> int:
        counter = StatementCounter()
        event.listen(migrated_engine, "before_cursor_execute", counter)
        try:
            action()
        finally:
            event.remove(migrated_engine, "before_cursor_execute", counter)
        return len(counter.statements)

    yield count


def fill_day(db: Database, make_paper: Callable[..., str], user: User, *, day: date, papers: int) -> None:
    for number in range(papers):
        arxiv_id = make_paper(day=day, upvotes=number + 1, comments=1)
        if number % 2:
            cast_vote(db, arxiv_id=arxiv_id, user_id=user.id, now=NOW)
            add_comment(db, arxiv_id=arxiv_id, user_id=user.id, body="Read it.", now=NOW)


@pytest.mark.parametrize("path", ["/papers/date/{day}", "/papers/trending?date={day}&window=1"])
def test_list_pages_cost_the_same_for_three_cards_or_thirty(
    client: TestClient,
    db: Database,
    make_paper: Callable[..., str],
    sign_in: Callable[..., User],
    count_statements: Callable[[Callable[[], object]], int],
    path: str,
) -> None:
    user = sign_in()
    small, large = NOW.date() - timedelta(days=3), NOW.date() - timedelta(days=1)
    fill_day(db, make_paper, user, day=small, papers=3)
    fill_day(db, make_paper, user, day=large, papers=30)
    pages = {}

    def fetch(day: date) -> None:
        pages[day] = client.get(path.format(day=day.isoformat()))

    few, many = count_statements(lambda: fetch(small)), count_statements(lambda: fetch(large))
    assert pages[large].text.count('class="card"') == 30 and pages[large].text.count('aria-pressed="true"') == 15
    assert few == many <= MAX_STATEMENTS, (few, many)


def test_the_paper_page_costs_the_same_for_one_comment_or_forty(
    client: TestClient,
    db: Database,
    make_paper: Callable[..., str],
    sign_in: Callable[..., User],
    count_statements: Callable[[Callable[[], object]], int],
) -> None:
    user = sign_in()
    quiet, busy = make_paper(day=NOW.date()), make_paper(day=NOW.date())
    add_comment(db, arxiv_id=quiet, user_id=user.id, body="one", now=NOW)
    parent = add_comment(db, arxiv_id=busy, user_id=user.id, body="first", now=NOW)
    for number in range(39):
        add_comment(db, arxiv_id=busy, user_id=user.id, body=f"reply {number}", parent_id=parent.id, now=NOW)
    few = count_statements(lambda: client.get(f"/papers/{quiet}"))
    many = count_statements(lambda: client.get(f"/papers/{busy}"))
    assert few == many <= MAX_STATEMENTS, (few, many)


def test_author_profile_and_claim_pages_cost_the_same_for_3_papers_as_for_12(
    client: TestClient,
    db: Database,
    sign_in: Callable[..., User],
    make_paper: Callable[..., str],
    count_statements: Callable[[Callable[[], object]], int],
) -> None:
    admin = sign_in(role="admin", username="root1")
    paths = ["/papers/date/2025-06-12", "/authors/grace-hopper", "/users/root1", "/admin/claims?status=approved"]

    def add_papers(count: int) -> None:
        for _ in range(count):
            arxiv_id = make_paper(day=date(2025, 6, 12), authors=("Grace Hopper", "Ada Lovelace"))
            claim = claim_author(db, arxiv_id=arxiv_id, user=admin, position=0, now=NOW)
            decide_claim(db, claim_id=claim.id, admin=admin, approve=True, now=NOW)

    def costs() -> dict[str, int]:
        statuses: list[int] = []
        found = {
            path: count_statements(lambda path=path: statuses.append(client.get(path).status_code)) for path in paths
        }
        assert statuses == [200] * len(paths)
        return found

    add_papers(3)
    few = costs()
    add_papers(9)
    many = costs()
    assert many == few and max(many.values()) <= MAX_STATEMENTS, many
