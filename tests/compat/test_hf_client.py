"""The real huggingface_hub client (HfApi and the `hf papers` command line) against this site, on the shipped Daily
Papers archive: what it reads must be what the archive says, not merely parse. The expected values come from the
archive file itself, not from the site."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import httpx2
import pytest
from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.utils import _http

from dailypapers.domain.code_links import find_code_link
from tests.compat.conftest import HF_ARCHIVE

DAY = "2025-03-17"  # 8 to 15 papers, each added at its own time, some with a submitter, one with code
WEEK = "2024-W23"
MONTH = "2025-03"
SUBMITTER = "user-df3d59fe"  # 71 papers in the archive
HF_CLI = Path(sys.executable).with_name("hf")
# What a signed-in Hugging Face user's client sends with every call; it must not stop them reading here.
FOREIGN_TOKEN = "hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"


@cache
def archive() -> tuple[dict[str, Any], ...]:
    with gzip.open(HF_ARCHIVE, "rt") as lines:
        return tuple(json.loads(line) for line in lines)


def expected(rows: list[dict[str, Any]], limit: int = 100) -> list[dict[str, Any]]:
    """The archive's rows as the list shows them: most recently added first."""
    return sorted(rows, key=lambda row: row["submitted_on_daily_at"], reverse=True)[:limit]


def rows_of(**where: Any) -> list[dict[str, Any]]:
    return [row for row in archive() if all(test(row) for test in where.values())]


@pytest.fixture(scope="module")
def api(live_url: str) -> Iterator[HfApi]:
    """HfApi on the live server, over a client that refuses any host but the loopback one."""

    def refuse_outside(request: httpx2.Request) -> None:
        if request.url.host != "127.0.0.1":
            raise AssertionError(f"huggingface_hub tried to reach {request.url}")

    def loopback_only() -> httpx2.Client:
        client = _http.default_client_factory()
        client.event_hooks["request"].append(refuse_outside)
        return client

    _http.set_client_factory(loopback_only)
    yield HfApi(endpoint=live_url, token=FOREIGN_TOKEN)
    _http.set_client_factory(_http.default_client_factory)


def test_a_days_list_has_the_archives_papers_in_order_with_their_values(api: HfApi) -> None:
    want = expected(rows_of(day=lambda row: row["daily_date"] == DAY))
    got = list(api.list_daily_papers(date=DAY))
    assert [paper.id for paper in got] == [row["arxiv_id"] for row in want]
    assert [paper.title for paper in got] == [row["title"] for row in want]
    assert [paper.upvotes for paper in got] == [row["upvotes"] for row in want]
    assert [paper.comments for paper in got] == [row["num_comments"] for row in want]
    assert [paper.submitted_by.username if paper.submitted_by else None for paper in got] == [
        row["submitted_by"] for row in want
    ]
    assert [paper.submitted_at for paper in got] == [_time(row["submitted_on_daily_at"]) for row in want]
    assert [[author.name for author in paper.authors or []] for paper in got] == [row["authors"] for row in want]
    # Hugging Face's link where the archive has one; else the one the abstract names (docs/code-links.md).
    assert [(paper.github_repo, paper.github_stars) for paper in got] == [
        (row["github_repo"] or find_code_link(row["abstract"]), row["github_stars"]) for row in want
    ]


def test_a_week_and_a_month(api: HfApi) -> None:
    in_week = rows_of(week=lambda row: _iso_week(row["daily_date"]) == WEEK)
    assert [paper.id for paper in api.list_daily_papers(week=WEEK, limit=100)] == [
        row["arxiv_id"] for row in expected(in_week)
    ]
    in_month = rows_of(month=lambda row: row["daily_date"].startswith(MONTH))
    assert len(in_month) > 100  # so the page is a real cut
    assert [paper.id for paper in api.list_daily_papers(month=MONTH, limit=100)] == [
        row["arxiv_id"] for row in expected(in_month)
    ]


def test_a_submitters_papers(api: HfApi) -> None:
    theirs = expected(rows_of(by=lambda row: row["submitted_by"] == SUBMITTER))
    got = list(api.list_daily_papers(submitter=SUBMITTER, limit=100))
    assert [paper.id for paper in got] == [row["arxiv_id"] for row in theirs]
    assert {paper.submitted_by.username for paper in got if paper.submitted_by} == {SUBMITTER}


def test_trending_ranks_the_days_papers(api: HfApi) -> None:
    day_ids = {row["arxiv_id"] for row in rows_of(day=lambda row: row["daily_date"] == DAY)}
    got = list(api.list_daily_papers(date=DAY, sort="trending"))
    assert {paper.id for paper in got} == day_ids
    scores = [paper.trendingScore for paper in got]  # kept by PaperInfo as it came (forward compatibility)
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_search_finds_a_paper_by_its_title(api: HfApi) -> None:
    row = next(row for row in rows_of(day=lambda row: row["daily_date"] == DAY) if row["github_repo"])
    found = list(api.list_papers(query=row["title"], limit=5))
    assert 1 <= len(found) <= 5
    assert found[0].id == row["arxiv_id"] and found[0].title == row["title"]


def test_paper_info_and_read_paper(api: HfApi) -> None:
    row = next(row for row in rows_of(day=lambda row: row["daily_date"] == DAY) if row["github_repo"])
    info = api.paper_info(row["arxiv_id"])
    assert (info.id, info.title, info.summary) == (row["arxiv_id"], row["title"], row["abstract"])
    assert [author.name for author in info.authors or []] == row["authors"]
    assert info.published_at == _time(row["paper_published_at"])
    assert (info.upvotes, info.github_repo, info.github_stars) == (
        row["upvotes"],
        row["github_repo"],
        row["github_stars"],
    )
    text = api.read_paper(row["arxiv_id"])
    assert text.startswith(f"# {' '.join(row['title'].split())}\n")
    assert ", ".join(row["authors"]) in text and row["abstract"].strip() in text
    assert f"https://arxiv.org/abs/{row['arxiv_id']}" in text and row["github_repo"] in text
    assert f"- [{DAY}](" in text


def test_an_unknown_paper_is_a_404_to_the_client(api: HfApi) -> None:
    for call in (api.paper_info, api.read_paper):
        with pytest.raises(HfHubHTTPError) as raised:
            call("2401.99999")
        assert raised.value.response.status_code == 404


def test_the_command_line(live_url: str, tmp_path: Path) -> None:
    row = next(row for row in rows_of(day=lambda row: row["daily_date"] == DAY) if row["github_repo"])
    listed = json.loads(_hf(live_url, tmp_path, "papers", "ls", "--date", DAY, "--format", "json"))
    assert [item["id"] for item in listed] == [
        item["arxiv_id"] for item in expected(rows_of(day=lambda r: r["daily_date"] == DAY))
    ]
    assert [item["submitted_by_name"] for item in listed][:3] == [
        item["submitted_by"] or "" for item in expected(rows_of(day=lambda r: r["daily_date"] == DAY))
    ][:3]
    searched = json.loads(_hf(live_url, tmp_path, "papers", "search", row["title"], "--limit", "3", "--format", "json"))
    assert searched[0]["id"] == row["arxiv_id"]
    info = json.loads(_hf(live_url, tmp_path, "papers", "info", row["arxiv_id"], "--format", "json"))
    assert (info["id"], info["title"], info["upvotes"]) == (row["arxiv_id"], row["title"], row["upvotes"])
    text = _hf(live_url, tmp_path, "papers", "read", row["arxiv_id"])
    assert text.startswith(f"# {' '.join(row['title'].split())}\n") and row["github_repo"] in text


def _hf(url: str, home: Path, *arguments: str) -> str:
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("HF_")},
        "HF_ENDPOINT": url,
        "HF_HOME": str(home),
        "HF_TOKEN": FOREIGN_TOKEN,
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_HUB_DISABLE_UPDATE_CHECK": "1",
        # Anything but the loopback server goes to a proxy that is not there, and fails at once.
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "127.0.0.1",
    }
    done = subprocess.run(
        [str(HF_CLI), *arguments], env=environment, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _iso_week(day: str) -> str:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"
