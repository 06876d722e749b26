"""A Hugging Face Daily Papers export: one row per (day, paper), with upvotes, submitter and code links."""

from __future__ import annotations

from typing import Any

from dailypapers.domain.papers import DailyRecord, PaperRecord
from dailypapers.sources.fields import (
    RecordError,
    midnight_utc,
    optional_int,
    optional_str,
    optional_timestamp,
    parse_date,
    require_arxiv_id,
    require_str,
    str_list,
)

KEYS = frozenset({"daily_date", "submitted_on_daily_at"})


def parse_record(record: dict[str, Any]) -> tuple[PaperRecord, DailyRecord]:
    arxiv_id, version = require_arxiv_id(record, "arxiv_id")
    day = parse_date(record.get("daily_date"), "daily_date")
    github_repo = optional_str(record, "github_repo")
    if github_repo is not None and not github_repo.startswith(("https://", "http://")):
        raise RecordError(f"field 'github_repo' is not an http(s) URL: {github_repo[:60]!r}")
    project_page = optional_str(record, "project_page")
    if project_page is not None and not project_page.startswith(("https://", "http://")):
        project_page = None  # a bare word is no link; the paper itself is still good
    paper = PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        title=require_str(record, "title"),
        abstract=require_str(record, "abstract"),
        authors=str_list(record, "authors"),
        published_at=optional_timestamp(record, "paper_published_at"),
        github_repo=github_repo,
        github_stars=optional_int(record, "github_stars"),
        project_page=project_page,
        organization=optional_str(record, "organization"),
    )
    daily = DailyRecord(
        day=day,
        arxiv_id=arxiv_id,
        added_at=optional_timestamp(record, "submitted_on_daily_at") or midnight_utc(day),
        submitter_name=optional_str(record, "submitted_by"),
        upvote_count=optional_int(record, "upvotes") or 0,
        comment_count=optional_int(record, "num_comments") or 0,
    )
    return paper, daily
