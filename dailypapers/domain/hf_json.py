"""Hugging Face's JSON shapes for papers, daily-list items and search results, so that clients of huggingface.co/api
work here. Pure mappings, shared by the API and the command line's `--json` output."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dailypapers.domain.highlights import Segment
from dailypapers.domain.papers import DailyEntry, Paper
from dailypapers.domain.search import SearchHit
from dailypapers.domain.users import MemberRef


def paper_json(
    paper: Paper, *, added_at: datetime | None = None, verified: Mapping[int, MemberRef] | None = None
) -> dict[str, Any]:
    """`verified` (byline position -> member) marks claimed authors as Hugging Face does: a `user` and a status."""
    verified = verified or {}
    body: dict[str, Any] = {
        "id": paper.arxiv_id,
        "title": paper.title,
        "summary": paper.abstract,
        "authors": [_author_json(name, verified.get(index)) for index, name in enumerate(paper.authors)],
        "publishedAt": timestamp_json(paper.published_at),
        "upvotes": paper.upvote_count,
        "numComments": paper.comment_count,
        "githubRepo": paper.github_repo,
        "githubStars": paper.github_stars,
        "projectPage": paper.project_page,
        # Beyond Hugging Face's fields:
        "version": paper.version,
        "categories": list(paper.categories),
        "primaryCategory": paper.primary_category,
        "firstDailyDate": paper.first_daily_day.isoformat() if paper.first_daily_day else None,
        # `upvotes` is local + outside; the two apart (docs/upstream.md):
        "localUpvotes": paper.local_upvote_count,
        "upstreamUpvotes": paper.upstream_upvote_count,
    }
    if added_at is not None:
        body["submittedOnDailyAt"] = timestamp_json(added_at)
    return body


def daily_item_json(entry: DailyEntry) -> dict[str, Any]:
    paper = entry.paper
    return {
        "paper": paper_json(paper, added_at=entry.added_at),
        "publishedAt": timestamp_json(entry.added_at),
        "title": paper.title,
        "summary": paper.abstract,
        "numComments": paper.comment_count,
        "submittedBy": _member_json(entry.submitted_by) if entry.submitted_by else _user_json(entry.submitter_name),
        "isAuthorParticipating": False,
        **_code_links_json(paper),
        # Beyond Hugging Face's fields: its place on the followed upstream's list of that day, None for a local entry.
        "upstreamPosition": entry.upstream_position,
    }


def timestamp_json(value: datetime | None) -> str | None:
    """2024-05-24T17:34:15.000Z, the form Hugging Face writes."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _user_json(name: str | None) -> dict[str, Any] | None:
    if name is None:
        return None
    return {"name": name, "fullname": name, "type": "user", "user": name}


def listed_paper_json(paper: Paper) -> dict[str, Any]:
    """A paper in the daily-list item's shape, outside any day's list (a search hit, a For you suggestion)."""
    return {
        "paper": paper_json(paper),
        "publishedAt": timestamp_json(paper.published_at),
        "title": paper.title,
        "summary": paper.abstract,
        "numComments": paper.comment_count,
        "submittedBy": None,
        "isAuthorParticipating": False,
        **_code_links_json(paper),
    }


def search_item_json(hit: SearchHit) -> dict[str, Any]:
    """A search result: the daily-list item's shape plus `highlightedTitle` and `highlightedSummary`."""
    return {
        **listed_paper_json(hit.paper),
        "highlightedTitle": segments_json(hit.highlighted_title),
        "highlightedSummary": segments_json(hit.highlighted_summary),
        # Beyond Hugging Face's fields:
        "score": round(hit.score, 6),
    }


def _code_links_json(paper: Paper) -> dict[str, Any]:
    """Repeated at an item's top level, where huggingface_hub's PaperInfo reads them (not from `paper`)."""
    return {"githubRepo": paper.github_repo, "githubStars": paper.github_stars, "projectPage": paper.project_page}


def segments_json(segments: list[Segment]) -> list[dict[str, str]]:
    return [{"type": segment.type, "text": segment.text} for segment in segments]


def _member_json(member: MemberRef) -> dict[str, Any]:
    # `user` repeats the username where huggingface_hub's User reads it (`submitted_by.username`, the `--submitter`
    # column of `hf papers ls`); `name` stays for the clients that read that.
    return {"name": member.username, "fullname": member.shown_name, "type": "user", "user": member.username}


def _author_json(name: str, member: MemberRef | None) -> dict[str, Any]:
    if member is None:
        return {"name": name}
    return {"name": name, "status": "claimed_verified", "user": _member_json(member)}
