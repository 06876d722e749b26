"""View models: small, already-formatted things for templates, built from domain objects alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from dailypapers.domain.arxiv_ids import abs_url, pdf_url
from dailypapers.domain.bibtex import render_bibtex
from dailypapers.domain.papers import DailyEntry, Paper
from dailypapers.domain.text import excerpt as cut_text

CARD_AUTHORS = 6
EXCERPT_CHARS = 320


@dataclass(frozen=True, slots=True)
class CodeLink:
    url: str
    label: str  # owner/name
    stars: int | None


@dataclass(frozen=True, slots=True)
class PaperCard:
    arxiv_id: str
    url: str
    title: str
    authors: tuple[str, ...]
    more_authors: int
    excerpt: str
    upvotes: int
    comments: int
    code: CodeLink | None
    project_page: str | None
    submitter: str | None
    pinned: bool


@dataclass(frozen=True, slots=True)
class PaperView:
    arxiv_id: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    abs_url: str
    pdf_url: str
    code: CodeLink | None
    project_page: str | None
    categories: tuple[str, ...]
    primary_category: str | None
    published_at: datetime | None
    first_daily_day: date | None
    daily_url: str | None
    version: int | None
    comment: str | None
    journal_ref: str | None
    doi: str | None
    upvotes: int
    comments: int
    bibtex: str


def paper_url(arxiv_id: str) -> str:
    return f"/papers/{arxiv_id}"


def profile_url(username: str) -> str:
    return f"/users/{username}"


def build_card(entry: DailyEntry) -> PaperCard:
    paper = entry.paper
    return PaperCard(
        arxiv_id=paper.arxiv_id,
        url=paper_url(paper.arxiv_id),
        title=paper.title,
        authors=paper.authors[:CARD_AUTHORS],
        more_authors=max(len(paper.authors) - CARD_AUTHORS, 0),
        excerpt=excerpt(paper.abstract),
        upvotes=paper.upvote_count,
        comments=paper.comment_count,
        code=code_link(paper),
        project_page=paper.project_page,
        submitter=entry.submitter_name,
        pinned=entry.pinned,
    )


def build_paper_view(paper: Paper) -> PaperView:
    return PaperView(
        arxiv_id=paper.arxiv_id,
        title=paper.title,
        authors=paper.authors,
        abstract=paper.abstract,
        abs_url=abs_url(paper.arxiv_id),
        pdf_url=pdf_url(paper.arxiv_id),
        code=code_link(paper),
        project_page=paper.project_page,
        categories=paper.categories,
        primary_category=paper.primary_category,
        published_at=paper.published_at,
        first_daily_day=paper.first_daily_day,
        daily_url=f"/papers/date/{paper.first_daily_day.isoformat()}" if paper.first_daily_day else None,
        version=paper.version,
        comment=paper.comment,
        journal_ref=paper.journal_ref,
        doi=paper.doi,
        upvotes=paper.upvote_count,
        comments=paper.comment_count,
        bibtex=render_bibtex(paper),
    )


def code_link(paper: Paper) -> CodeLink | None:
    if not paper.github_repo:
        return None
    path = urlsplit(paper.github_repo).path.strip("/")
    return CodeLink(paper.github_repo, path or paper.github_repo, paper.github_stars)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The abstract's opening, cut at a word boundary."""
    return cut_text(text, limit)
