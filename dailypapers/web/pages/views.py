"""View models: small, already-formatted things for templates, built from domain objects alone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from dailypapers.domain import urls
from dailypapers.domain.arxiv_ids import abs_url, pdf_url
from dailypapers.domain.avatars import Avatar, avatar_for
from dailypapers.domain.bibtex import render_bibtex
from dailypapers.domain.papers import DailyEntry, Paper
from dailypapers.domain.text import excerpt as cut_text
from dailypapers.domain.upstream import UpstreamExtras
from dailypapers.domain.users import MemberRef

CARD_AUTHORS = 6
EXCERPT_CHARS = 320
DESCRIPTION_CHARS = 200  # about what a search result or a link preview shows


@dataclass(frozen=True, slots=True)
class CodeLink:
    url: str
    label: str  # owner/name
    stars: int | None


class _Votable:
    """What the upvote button (partials/vote_button.html) reads off a card or a paper view."""

    arxiv_id: str
    upvotes: int
    voted: bool

    @property
    def vote_url(self) -> str:
        return urls.paper_vote_path(self.arxiv_id)

    @property
    def vote_action(self) -> str:
        return "down" if self.voted else "up"

    @property
    def vote_title(self) -> str:
        action = "take your upvote back" if self.voted else "upvote"
        return f"{self.upvotes} upvotes · {action}"


@dataclass(frozen=True, slots=True)
class CountSplit:
    """ "163 on Hugging Face · 4 here": the upvotes from outside (the upstream's, or an imported archive's when
    larger: one crowd counted once) and the ones cast on this site."""

    outside: int
    local: int


def count_split(paper: Paper) -> CountSplit | None:
    if paper.upstream_upvote_count is None:
        return None
    return CountSplit(paper.outside_upvote_count, paper.local_upvote_count)


@dataclass(frozen=True, slots=True)
class MemberLink:
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class AuthorLink:
    name: str
    url: str  # the author page
    verified: MemberLink | None = None  # the member an admin verified as this author


@dataclass(frozen=True, slots=True)
class PaperCard(_Votable):
    arxiv_id: str
    url: str
    abs_url: str  # the paper on arxiv.org
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
    voted: bool = False  # by the member looking at it
    author_links: tuple[AuthorLink, ...] = ()
    submitter_url: str | None = None  # a member's profile, for local submissions
    submission_comment: str | None = None
    submitter_avatar: Avatar | None = None
    dismissed: bool = False  # "not interested", by the member looking at it
    saved: bool = False  # in one of the collections of the member looking at it
    counts: CountSplit | None = None  # upstream and local upvotes apart, once the upstream listed the paper
    upstream_place: int | None = None  # its place on the upstream's list of the entry's day
    upstream_dropped: bool = False  # the upstream listed it that day, then stopped


@dataclass(frozen=True, slots=True)
class PaperView(_Votable):
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
    voted: bool = False
    author_links: tuple[AuthorLink, ...] = ()
    description: str = ""  # the abstract's opening, for search engines and link previews
    counts: CountSplit | None = None
    upstream: UpstreamExtras | None = None  # what the upstream says beyond arXiv (a summary, keywords, media)
    organization: str | None = None  # the lab or company an upstream (or an archive) credits with the paper


def member_link(member: MemberRef) -> MemberLink:
    return MemberLink(member.shown_name, urls.user_path(member.username))


def build_author_links(
    authors: tuple[str, ...], verified: Mapping[int, MemberRef] | None = None
) -> tuple[AuthorLink, ...]:
    """Each author linked to their page; `verified` (byline position -> member) adds the member's badge."""
    verified = verified or {}
    return tuple(
        AuthorLink(name, urls.author_path(name), member_link(verified[index]) if index in verified else None)
        for index, name in enumerate(authors)
    )


def build_card(entry: DailyEntry, *, voted: bool = False, dismissed: bool = False, saved: bool = False) -> PaperCard:
    member = entry.submitted_by
    return build_paper_card(
        entry.paper,
        submitter=entry.submitter_shown,
        submitter_url=urls.user_path(member.username) if member else None,
        # An imported submitter (a pseudonym such as user-27ccc64b) gets one from its name, but no profile link.
        submitter_avatar=(
            avatar_for(member.username, entry.submitter_shown)
            if member
            else avatar_for(entry.submitter_name)
            if entry.submitter_name
            else None
        ),
        submission_comment=entry.comment,
        pinned=entry.pinned,
        voted=voted,
        dismissed=dismissed,
        saved=saved,
        upstream_place=entry.upstream_position,
        upstream_dropped=entry.upstream_dropped_at is not None,
    )


def build_paper_card(
    paper: Paper,
    *,
    submitter: str | None = None,
    submitter_url: str | None = None,
    submission_comment: str | None = None,
    submitter_avatar: Avatar | None = None,
    pinned: bool = False,
    voted: bool = False,
    dismissed: bool = False,
    saved: bool = False,
    upstream_place: int | None = None,
    upstream_dropped: bool = False,
) -> PaperCard:
    """A card for a paper, on a daily list (with its entry's submitter) or elsewhere (author pages, profiles)."""
    return PaperCard(
        arxiv_id=paper.arxiv_id,
        url=urls.paper_path(paper.arxiv_id),
        abs_url=abs_url(paper.arxiv_id),
        title=paper.title,
        authors=paper.authors[:CARD_AUTHORS],
        more_authors=max(len(paper.authors) - CARD_AUTHORS, 0),
        excerpt=excerpt(paper.abstract),
        upvotes=paper.upvote_count,
        comments=paper.comment_count,
        code=code_link(paper),
        project_page=paper.project_page,
        submitter=submitter,
        pinned=pinned,
        author_links=build_author_links(paper.authors[:CARD_AUTHORS]),
        submitter_url=submitter_url,
        submission_comment=submission_comment,
        submitter_avatar=submitter_avatar,
        voted=voted,
        dismissed=dismissed,
        saved=saved,
        counts=count_split(paper),
        upstream_place=upstream_place,
        upstream_dropped=upstream_dropped,
    )


def build_paper_view(
    paper: Paper,
    *,
    voted: bool = False,
    verified: Mapping[int, MemberRef] | None = None,
    upstream: UpstreamExtras | None = None,
) -> PaperView:
    return PaperView(
        arxiv_id=paper.arxiv_id,
        title=paper.title,
        authors=paper.authors,
        abstract=paper.abstract,
        description=excerpt(paper.abstract, DESCRIPTION_CHARS),
        abs_url=abs_url(paper.arxiv_id),
        pdf_url=pdf_url(paper.arxiv_id),
        code=code_link(paper),
        project_page=paper.project_page,
        categories=paper.categories,
        primary_category=paper.primary_category,
        published_at=paper.published_at,
        first_daily_day=paper.first_daily_day,
        daily_url=urls.day_path(paper.first_daily_day) if paper.first_daily_day else None,
        version=paper.version,
        comment=paper.comment,
        journal_ref=paper.journal_ref,
        doi=paper.doi,
        upvotes=paper.upvote_count,
        comments=paper.comment_count,
        bibtex=render_bibtex(paper),
        voted=voted,
        author_links=build_author_links(paper.authors, verified),
        counts=count_split(paper),
        upstream=upstream,
        organization=paper.organization,
    )


def code_link(paper: Paper) -> CodeLink | None:
    if not paper.github_repo:
        return None
    path = urlsplit(paper.github_repo).path.strip("/")
    return CodeLink(paper.github_repo, path or paper.github_repo, paper.github_stars)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The abstract's opening, cut at a word boundary."""
    return cut_text(text, limit)
