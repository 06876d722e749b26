"""A local stand-in for huggingface.co's `GET /api/daily_papers?date=&p=&limit=`: a real HTTP server on 127.0.0.1
answering each day from items in Hugging Face's shape (built from real rows of the shipped archive, with the fields
Hugging Face adds: `_id`s, `submittedBy` with its avatar, `thumbnail`, `mediaUrls`, `ai_summary`, `ai_keywords`,
`organization` as an object), paging as Hugging Face does, scriptable per test (queue failures) and recording every
request with its arrival time and the client's port."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

ARCHIVE = Path(__file__).resolve().parents[2] / "data" / "demo" / "hf_daily_papers_2024-05-27_2026-08-21.jsonl.gz"


def archive_rows(*days: str) -> dict[str, list[dict[str, Any]]]:
    """The shipped archive's rows of these days, in its order."""
    wanted: dict[str, list[dict[str, Any]]] = {day: [] for day in days}
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["daily_date"] in wanted:
                wanted[row["daily_date"]].append(row)
    return wanted


def _object_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def hf_item(row: dict[str, Any], *, extras: bool = True) -> dict[str, Any]:
    """An archive row as huggingface.co answers it in a daily list."""
    arxiv_id = row["arxiv_id"]
    submitter = row.get("submitted_by")
    user = (
        {
            "_id": _object_id(submitter),
            "avatarUrl": f"https://cdn-avatars.huggingface.co/v1/production/uploads/{_object_id(submitter)}.png",
            "fullname": submitter.replace("-", " ").title(),
            "name": submitter,
            "type": "user",
            "isPro": False,
            "isHf": False,
            "isHfAdmin": False,
            "isMod": False,
            "followerCount": 12,
        }
        if submitter
        else None
    )
    organization = (
        {
            "_id": _object_id(row["organization"]),
            "name": row["organization"].lower().replace(" ", "-"),
            "fullname": row["organization"],
            "avatar": "https://cdn-avatars.huggingface.co/org.png",
        }
        if row.get("organization")
        else None
    )
    paper: dict[str, Any] = {
        "id": arxiv_id,
        "authors": [
            {"_id": _object_id(f"{arxiv_id}/{index}"), "name": name, "hidden": False}
            for index, name in enumerate(row["authors"])
        ],
        "publishedAt": row["paper_published_at"],
        "submittedOnDailyAt": row["submitted_on_daily_at"],
        "title": row["title"],
        "summary": row["abstract"],
        "upvotes": row["upvotes"],
        "discussionId": _object_id(f"discussion/{arxiv_id}"),
        "githubRepo": row.get("github_repo"),
        "githubStars": row.get("github_stars"),
        "projectPage": row.get("project_page"),
    }
    if user:
        paper["submittedOnDailyBy"] = user
    if organization:
        paper["organization"] = organization
    item: dict[str, Any] = {
        "paper": paper,
        "publishedAt": row["submitted_on_daily_at"],
        "title": row["title"],
        "summary": row["abstract"],
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{arxiv_id}.png",
        "numComments": row["num_comments"],
        "submittedBy": user,
        "isAuthorParticipating": False,
    }
    if organization:
        item["organization"] = organization
    if extras:
        paper["ai_summary"] = f"A generated one-line summary of {row['title']}."
        paper["ai_keywords"] = ["vision encoder", "multimodal models"]
        item["mediaUrls"] = [f"https://cdn-uploads.huggingface.co/production/uploads/{arxiv_id}/figure1.png"]
    return item


@dataclass(frozen=True)
class Scripted:
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReceivedRequest:
    params: dict[str, str]
    peer_port: int
    at: float


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    script: dict[str, deque[Scripted]] = field(default_factory=dict)
    requests: list[ReceivedRequest] = field(default_factory=list)


class FakeHuggingFace:
    def __init__(self, days: dict[str, list[Any]] | None = None) -> None:
        self.days: dict[str, list[Any]] = days or {}
        # Called with the number of the request that just arrived (1, 2, ...), before it is answered.
        self.on_request: Callable[[int], None] | None = None
        self._state = _State()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-hf", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    def queue(self, day: str, *answers: Scripted) -> None:
        """Answer the next requests for `day` with these, in order, before answering it as usual."""
        with self._state.lock:
            self._state.script.setdefault(day, deque()).extend(answers)

    def __enter__(self) -> FakeHuggingFace:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _answer(self, params: dict[str, str], peer_port: int) -> Scripted:
        with self._state.lock:
            self._state.requests.append(ReceivedRequest(params, peer_port, time.monotonic()))
            number = len(self._state.requests)
        if self.on_request is not None:
            self.on_request(number)
        with self._state.lock:
            queued = self._state.script.get(params.get("date", ""))
            if queued:
                return queued.popleft()
        items = self.days.get(params.get("date", ""), [])
        page, limit = int(params.get("p", "0")), int(params.get("limit", "50"))
        body = json.dumps(items[page * limit : (page + 1) * limit]).encode()
        return Scripted(200, body, (("Content-Type", "application/json; charset=utf-8"),))


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeHuggingFace) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/api/daily_papers":
            self.send_error(404)
            return
        params = {key: values[0] for key, values in parse_qs(url.query).items()}
        answer = self.server.fake._answer(params, self.client_address[1])
        try:
            self.send_response(answer.status)
            for name, value in answer.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client was killed while asking

    def log_message(self, format: str, *args: object) -> None:
        pass
