"""A local GitHub REST API for tests: `GET /repos/{owner}/{repo}` and `GET /repositories/{id}` answered as
api.github.com answers them (the JSON of a repository, a weak ETag, 304 to a matching If-None-Match, the
X-RateLimit-* headers on every answer, 301 for a renamed repository, 404 for a deleted one, 403 once the hourly
limit is spent), plus scripted answers for the limits GitHub imposes without warning (403/429 with Retry-After).
Formats follow https://docs.github.com/en/rest/repos/repos#get-a-repository and
https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from tests.fakes.scripted_server import Handler, LocalServer, send

PRIMARY_LIMIT_MESSAGE = (
    "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate "
    "limit. Check out the documentation for more details.)"
)
SECONDARY_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to "
    "GitHub Support for help, please include the request ID 0401:2D5E:1A2B3C:1B2C3D:675412AB."
)


@dataclass
class FakeRepo:
    id: int
    full_name: str
    stars: int


@dataclass(frozen=True)
class Scripted:
    status: int
    body: dict[str, object] | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    script: deque[Scripted] = field(default_factory=deque)
    requests: list[Received] = field(default_factory=list)


class FakeGithub(LocalServer):
    def __init__(self, *, limit: int = 60) -> None:
        super().__init__(name="fake-github")
        self.repos: dict[int, FakeRepo] = {}
        self.renamed: dict[str, int] = {}  # old full name, lower-cased -> repository id
        self.limit = limit
        self.remaining = limit
        self.reset_at = int(time.time()) + 3600
        self._state = _State()

    @property
    def requests(self) -> list[Received]:
        with self._state.lock:
            return list(self._state.requests)

    def add(self, full_name: str, stars: int) -> FakeRepo:
        repo = FakeRepo(len(self.repos) + 1000, full_name, stars)
        self.repos[repo.id] = repo
        return repo

    def rename(self, repo: FakeRepo, new_name: str) -> None:
        self.renamed[repo.full_name.lower()] = repo.id
        repo.full_name = new_name

    def delete(self, repo: FakeRepo) -> None:
        del self.repos[repo.id]

    def script(self, *answers: Scripted) -> None:
        with self._state.lock:
            self._state.script.extend(answers)

    # What the handler asks, under the lock.
    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, object] | None, dict[str, str]]:
        with self._state.lock:
            self._state.requests.append(Received(path, headers))
            scripted = self._state.script.popleft() if self._state.script else None
        if scripted is not None:
            return scripted.status, scripted.body, dict(scripted.headers)
        if self.remaining <= 0:
            body = {
                "message": PRIMARY_LIMIT_MESSAGE,
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            }
            return 403, body, {}
        repo, moved = self._find(path)
        if moved is not None:
            self.remaining -= 1
            location = f"{self.base_url}/repositories/{moved}"
            body = {
                "message": "Moved Permanently",
                "url": location,
                "documentation_url": "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects",
            }
            return 301, body, {"Location": location}
        if repo is None:
            self.remaining -= 1
            body = {
                "message": "Not Found",
                "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
                "status": "404",
            }
            return 404, body, {}
        etag = 'W/"' + hashlib.sha256(f"{repo.full_name}:{repo.stars}".encode()).hexdigest()[:40] + '"'
        if headers.get("if-none-match") == etag:
            return 304, None, {"ETag": etag}  # a 304 does not count against the limit
        self.remaining -= 1
        return 200, _repository_json(repo, self.base_url), {"ETag": etag}

    def rate_headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(self.remaining, 0)),
            "X-RateLimit-Reset": str(self.reset_at),
            "X-RateLimit-Used": str(self.limit - max(self.remaining, 0)),
            "X-RateLimit-Resource": "core",
        }

    def _handle(self, handler: Handler) -> None:
        headers = {key.lower(): value for key, value in handler.headers.items()}
        status, body, extra = self.answer(handler.path, headers)
        sent = {**self.rate_headers(), **extra}
        if body is not None:
            sent["Content-Type"] = "application/json; charset=utf-8"
        send(handler, status, sent.items(), b"" if body is None else json.dumps(body).encode())

    def _find(self, path: str) -> tuple[FakeRepo | None, int | None]:
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "repositories" and parts[1].isdigit():
            return self.repos.get(int(parts[1])), None
        if len(parts) == 3 and parts[0] == "repos":
            name = f"{parts[1]}/{parts[2]}".lower()
            for repo in self.repos.values():
                if repo.full_name.lower() == name:
                    return repo, None
            if name in self.renamed and self.renamed[name] in self.repos:
                return None, self.renamed[name]
        return None, None


def _repository_json(repo: FakeRepo, base_url: str) -> dict[str, object]:
    owner, name = repo.full_name.split("/")
    return {
        "id": repo.id,
        "node_id": f"R_kgDO{repo.id:08d}",
        "name": name,
        "full_name": repo.full_name,
        "private": False,
        "owner": {"login": owner, "id": repo.id * 7, "type": "Organization", "site_admin": False},
        "html_url": f"https://github.com/{repo.full_name}",
        "description": "Official implementation of the paper.",
        "fork": False,
        "url": f"{base_url}/repos/{repo.full_name}",
        "created_at": "2025-03-18T09:12:44Z",
        "updated_at": "2026-11-30T17:02:11Z",
        "pushed_at": "2026-10-02T08:41:57Z",
        "homepage": "",
        "size": 2048,
        "stargazers_count": repo.stars,
        "watchers_count": repo.stars,
        "language": "Python",
        "forks_count": repo.stars // 10,
        "archived": False,
        "disabled": False,
        "open_issues_count": 3,
        "license": {"key": "mit", "name": "MIT License", "spdx_id": "MIT"},
        "topics": [],
        "visibility": "public",
        "forks": repo.stars // 10,
        "open_issues": 3,
        "watchers": repo.stars,
        "default_branch": "main",
        "network_count": repo.stars // 10,
        "subscribers_count": 5,
    }
