"""A local arXiv API for tests: a real HTTP server on 127.0.0.1 answering `/api/query?id_list=...` from
fake papers built out of real ones, scriptable per test (queue failures, slow or cut-off answers) and
recording every request it received, with its arrival time and the client's connection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from tests.fakes.arxiv_feed import FakePaper, render_entry, render_error_feed, render_feed
from tests.fakes.scripted_server import Answer, ReceivedRequest, Scripted, ScriptedServer

__all__ = ["FakeArxiv", "ReceivedRequest", "Scripted"]

_ID = re.compile(r"^(?P<id>\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?$")


class FakeArxiv(ScriptedServer):
    served_path = "/api/query"

    def __init__(self, papers: Iterable[FakePaper] = ()) -> None:
        super().__init__(name="fake-arxiv")
        self.papers = {paper.arxiv_id: paper for paper in papers}

    def add(self, paper: FakePaper) -> FakePaper:
        self.papers[paper.arxiv_id] = paper
        return paper

    def replay(self, path: Path, *, status: int = 200) -> None:
        """Answer the next request with a recorded response file, byte for byte."""
        self.queue(Scripted(status=status, body=path.read_bytes(), headers=_ATOM_HEADERS))

    def answer(self, params: dict[str, str]) -> tuple[int, bytes]:
        """What arXiv would answer: the known papers among `id_list`, an error entry for a malformed id."""
        id_list = params.get("id_list", "")
        max_results, start = int(params.get("max_results", "10")), int(params.get("start", "0"))
        entries = []
        for wanted in filter(None, id_list.split(",")):
            match = _ID.match(wanted)
            if match is None:
                message = f"incorrect id format for {wanted}"
                return 400, render_error_feed(id_list=id_list, message=message, max_results=max_results)
            paper = self.papers.get(match["id"])
            version = int(match["version"]) if match["version"] else None
            if paper is not None and (version is None or 1 <= version <= len(paper.versions)):
                entries.append(render_entry(paper, version=version))
        page = entries[start : start + max_results]
        return 200, render_feed(id_list=id_list, entries=page, max_results=max_results, start=start)

    def _reply(self, params: dict[str, str]) -> Answer:
        status, body = self.answer(params)
        return status, _ATOM_HEADERS, body


_ATOM_HEADERS = (("Content-Type", "application/atom+xml; charset=utf-8"),)
