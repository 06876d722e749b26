"""Anonymous readers' cached pages: answered without the route's queries, dropped by any write to what they show
(as another node's write would be, through the database), never used for members, and each visitor's CSRF token
filled in; ETag/304 for a visitor with a cookie."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services.votes import cast_vote
from dailypapers.web.csrf import CSRF_COOKIE, CSRF_FIELD, CSRF_PLACEHOLDER
from tests.factories import NOW


@pytest.fixture
def count_statements(migrated_engine: Engine) -> Iterator[Callable[[Callable[[], object]], list[str]]]:
    def count(action: Callable[[], object]) -> list[str]:
        statements: list[str] = []

        def record(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN")):
                statements.append(statement)

        event.listen(migrated_engine, "before_cursor_execute", record)
        try:
            action()
        finally:
            event.remove(migrated_engine, "before_cursor_execute", record)
        return statements

    yield count


def _form_token(html: str) -> str:
    marker = f'name="{CSRF_FIELD}" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_a_second_anonymous_read_asks_only_whether_anything_changed(
    client: TestClient, make_paper: Callable[..., str], count_statements: Callable[..., list[str]]
) -> None:
    arxiv_id = make_paper(day=NOW.date())
    for path in ("/", f"/papers/{arxiv_id}", f"/papers/date/{NOW.date()}", f"/api/papers/{arxiv_id}"):
        first = client.get(path)
        statements = count_statements(lambda path=path: client.get(path))  # type: ignore[misc]
        assert first.status_code == 200
        assert len(statements) == 1 and "search_counters" in statements[0], (path, statements)


def test_a_vote_from_anywhere_shows_on_the_next_anonymous_read(
    client: TestClient, db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=NOW.date())
    assert client.get(f"/api/papers/{arxiv_id}").json()["upvotes"] == 0
    # Straight to the database, as a vote on another web node arrives here.
    cast_vote(db, arxiv_id=arxiv_id, user_id=make_user().id, now=NOW)
    assert client.get(f"/api/papers/{arxiv_id}").json()["upvotes"] == 1


def test_members_pages_are_never_cached_nor_shown_to_others(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=NOW.date())
    assert client.get(f"/papers/{arxiv_id}").status_code == 200  # kept for anonymous readers
    member = sign_in(username="zelda_member")
    page = client.get(f"/papers/{arxiv_id}")
    assert "etag" not in page.headers and "zelda_member" in page.text
    client.cookies.clear()
    client.get("/")  # a CSRF cookie, so the next answer carries an ETag
    again = client.get(f"/papers/{arxiv_id}")
    assert member.username not in again.text and "etag" in again.headers


def test_each_visitor_gets_their_own_working_csrf_token(client: TestClient, make_paper: Callable[..., str]) -> None:
    make_paper(day=NOW.date())
    first = client.get("/")
    assert CSRF_COOKIE in first.cookies and "etag" not in first.headers  # a page that starts a cookie
    token = _form_token(first.text)
    assert token != CSRF_PLACEHOLDER
    posted = client.post("/subscribe", data={CSRF_FIELD: token, "email": "reader@example.org"})
    assert posted.status_code == 200

    other = TestClient(client.app, base_url=str(client.base_url))
    second = other.get("/")
    assert CSRF_COOKIE in second.cookies and _form_token(second.text) not in (token, CSRF_PLACEHOLDER)
    assert client.get("/").headers.get("set-cookie") is None  # the first visitor keeps theirs
    assert _form_token(client.get("/").text) == token


def test_a_revisit_with_the_etag_is_answered_304_until_something_changes(
    client: TestClient, db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=NOW.date())
    client.get("/")  # the CSRF cookie
    page = client.get(f"/papers/{arxiv_id}")
    etag = page.headers["etag"]
    assert page.headers["cache-control"] == "no-cache"
    assert client.get(f"/papers/{arxiv_id}", headers={"If-None-Match": etag}).status_code == 304
    cast_vote(db, arxiv_id=arxiv_id, user_id=make_user().id, now=NOW)
    changed = client.get(f"/papers/{arxiv_id}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_pages_not_found_and_search_are_not_kept(
    client: TestClient, count_statements: Callable[..., list[str]]
) -> None:
    client.get("/papers/2401.00001")
    assert len(count_statements(lambda: client.get("/papers/2401.00001"))) > 1
    client.get("/papers?q=diffusion")
    assert len(count_statements(lambda: client.get("/papers?q=diffusion"))) > 1
