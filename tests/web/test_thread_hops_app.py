"""A request goes to the thread pool for its route alone: the dependencies that only read what the process holds
run on the event loop, and so does finding out that an anonymous reader is no one (docs/decisions.md)."""

from collections.abc import Callable, Iterator
from typing import Any

import fastapi.dependencies.utils
import pytest
from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from dailypapers.web import auth

HopCounter = dict[str, list[str]]


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> Iterator[HopCounter]:
    """The names of the callables sent to the thread pool: by FastAPI for dependencies, by auth for a lookup."""
    counted: HopCounter = {"dependencies": [], "user lookups": []}

    def counting(kind: str, run: Callable[..., Any]) -> Callable[..., Any]:
        async def hop(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            counted[kind].append(getattr(function, "__name__", repr(function)))
            return await run(function, *args, **kwargs)

        return hop

    monkeypatch.setattr(
        fastapi.dependencies.utils,
        "run_in_threadpool",
        counting("dependencies", fastapi.dependencies.utils.run_in_threadpool),
    )
    monkeypatch.setattr(auth, "run_in_threadpool", counting("user lookups", auth.run_in_threadpool))
    yield counted


@pytest.mark.parametrize(
    "path", ["/papers?q=attention", "/papers/2501.00011", "/api/papers/search?q=attention", "/api/papers/2501.00011"]
)
def test_an_anonymous_read_sends_no_dependency_to_the_thread_pool(
    client: TestClient, make_paper: Callable[..., str], hops: HopCounter, path: str
) -> None:
    make_paper(arxiv_id="2501.00011", title="Sparse attention for long documents")
    assert client.get(path).status_code == 200
    assert hops == {"dependencies": [], "user lookups": []}


def test_a_member_s_session_is_looked_up_once_in_the_thread_pool(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User], hops: HopCounter
) -> None:
    make_paper(arxiv_id="2501.00011", title="Sparse attention for long documents")
    member = sign_in()
    response = client.get("/papers?q=attention")
    assert response.status_code == 200
    assert f'class="me" href="/users/{member.username}">{member.username}</a>' in response.text
    assert hops == {"dependencies": [], "user lookups": ["get_current_user"]}
