"""Reading one item of an upstream's `GET /api/daily_papers` answer: Hugging Face's shape, which dailypapers
instances serve too. The paper's fields sit under `paper`; the list's (comments, submitter, thumbnail, media) at
the top; code links and the generated summary may be in either place."""

from __future__ import annotations

from datetime import date
from typing import Any

from dailypapers.domain.papers import DailyRecord, PaperRecord
from dailypapers.domain.upstream import UpstreamExtras, UpstreamItem
from dailypapers.sources.fields import (
    RecordError,
    clean_text,
    midnight_utc,
    optional_int,
    optional_str,
    optional_timestamp,
    require_arxiv_id,
    require_str,
)
from dailypapers.sources.record_limits import MAX_OTHER_CHARS, check_record

MAX_KEYWORDS = 50
MAX_MEDIA = 20


def parse_item(raw: object, *, day: date, position: int) -> UpstreamItem:
    """The item at `position` (1 is first) of `day`'s answer; RecordError says why it cannot be used."""
    if not isinstance(raw, dict):
        raise RecordError(f"an item is a JSON object, not {type(raw).__name__}")
    paper = raw.get("paper")
    if not isinstance(paper, dict):
        raise RecordError("field 'paper' is missing or not an object")
    arxiv_id, version = require_arxiv_id(paper, "id")
    record = PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        title=require_str(paper if "title" in paper else raw, "title"),
        abstract=require_str(paper if "summary" in paper else raw, "summary"),
        authors=_authors(paper.get("authors")),
        published_at=optional_timestamp(paper, "publishedAt"),
        github_repo=_link(_either(raw, paper, "githubRepo"), "githubRepo", strict=True),
        github_stars=optional_int({"githubStars": _either(raw, paper, "githubStars")}, "githubStars"),
        project_page=_link(_either(raw, paper, "projectPage"), "projectPage", strict=False),
        organization=_organization(_either(raw, paper, "organization")),
    )
    added_at = optional_timestamp(paper, "submittedOnDailyAt") or optional_timestamp(raw, "publishedAt")
    daily = DailyRecord(
        day=day,
        arxiv_id=arxiv_id,
        added_at=added_at or midnight_utc(day),
        submitter_name=_user_name(raw.get("submittedBy") or paper.get("submittedOnDailyBy")),
        upvote_count=optional_int(paper, "upvotes") or 0,
        comment_count=optional_int(raw, "numComments") or 0,
    )
    check_record(record, daily)
    return UpstreamItem(record, daily, position, _extras(raw, paper))


def _either(item: dict[str, Any], paper: dict[str, Any], key: str) -> Any:
    value = item.get(key)
    return paper.get(key) if value is None else value


def _authors(value: object) -> tuple[str, ...]:
    """Hugging Face lists authors as objects with a `name`; a bare string is taken as a name too."""
    if not isinstance(value, list):
        raise RecordError("field 'authors' is not a list")
    names = []
    for author in value:
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and name.strip():
            names.append(clean_text(name))
    if not names:
        raise RecordError("field 'authors' holds no name")
    return tuple(names)


def _link(value: object, key: str, *, strict: bool) -> str | None:
    text = optional_str({key: value}, key)
    if text is None:
        return None
    if not text.startswith(("https://", "http://")):
        if strict:
            raise RecordError(f"field {key!r} is not an http(s) URL: {text[:60]!r}")
        return None  # a bare word is no link; the paper itself is still good
    return text


def _organization(value: object) -> str | None:
    """Hugging Face gives an object (`fullname`, `name`); an archive row, a plain name."""
    if isinstance(value, dict):
        value = value.get("fullname") or value.get("name")
    return optional_str({"organization": value}, "organization")


def _user_name(value: object) -> str | None:
    """The submitter's username (`name`), as Hugging Face's and dailypapers' `submittedBy` give it."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("user")
    return optional_str({"submittedBy": value}, "submittedBy") if isinstance(value, str) else None


def _extras(item: dict[str, Any], paper: dict[str, Any]) -> UpstreamExtras:
    """Kept when present and sound; an odd value here never costs the paper its place."""
    summary = _either(item, paper, "ai_summary")
    return UpstreamExtras(
        ai_summary=clean_text(summary)[:MAX_OTHER_CHARS] or None if isinstance(summary, str) else None,
        ai_keywords=_strings(_either(item, paper, "ai_keywords"), MAX_KEYWORDS, links=False),
        thumbnail_url=next(iter(_strings([item.get("thumbnail")], 1, links=True)), None),
        media_urls=_strings(item.get("mediaUrls"), MAX_MEDIA, links=True),
    )


def _strings(value: object, limit: int, *, links: bool) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    kept = []
    for text in value:
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_OTHER_CHARS:
            continue
        if links and not text.startswith("https://"):
            continue
        kept.append(text.strip())
    return tuple(dict.fromkeys(kept))[:limit]
