"""A local stand-in for huggingface.co's `GET /api/daily_papers?date=&p=&limit=`: a real HTTP server on 127.0.0.1
answering each day from items in Hugging Face's shape (built from real rows of the shipped archive, with the fields
Hugging Face adds: `_id`s, `submittedBy` with its avatar, `thumbnail`, `mediaUrls`, `ai_summary`, `ai_keywords`,
`organization` as an object), paging as Hugging Face does, scriptable per test (queue failures) and recording every
request with its arrival time and the client's port."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.scripted_server import Handler, LocalServer, send

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


class FakeHuggingFace(LocalServer):
    def __init__(self, days: dict[str, list[Any]] | None = None) -> None:
        super().__init__(name="fake-hf")
        self.days: dict[str, list[Any]] = days or {}
        # Called with the number of the request that just arrived (1, 2, ...), before it is answered.
        self.on_request: Callable[[int], None] | None = None
        self._state = _State()

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    def queue(self, day: str, *answers: Scripted) -> None:
        """Answer the next requests for `day` with these, in order, before answering it as usual."""
        with self._state.lock:
            self._state.script.setdefault(day, deque()).extend(answers)

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

    def _handle(self, handler: Handler) -> None:
        url = urlsplit(handler.path)
        if url.path != "/api/daily_papers":
            handler.send_error(404)
            return
        params = {key: values[0] for key, values in parse_qs(url.query).items()}
        answer = self._answer(params, handler.client_address[1])
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client was killed while asking
            send(handler, answer.status, answer.headers, answer.body)
