"""Papers and daily-list entries: what sources produce (records) and what the store returns (rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dailypapers.domain.users import MemberRef


@dataclass(frozen=True, slots=True)
class PaperRecord:
    """A paper as an outside source describes it; `None` means the source does not say."""

    arxiv_id: str
    title: str
    abstract: str
    authors: tuple[str, ...]
    version: int | None = None
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    published_at: datetime | None = None
    arxiv_updated_at: datetime | None = None
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    organization: str | None = None


@dataclass(frozen=True, slots=True)
class DailyRecord:
    """A paper's place on one day's list, as a Daily Papers export records it."""

    day: date
    arxiv_id: str
    added_at: datetime
    submitter_name: str | None
    upvote_count: int
    comment_count: int


@dataclass(frozen=True, slots=True)
class Paper:
    id: int
    arxiv_id: str
    version: int | None
    title: str
    abstract: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    primary_category: str | None
    comment: str | None
    journal_ref: str | None
    doi: str | None
    published_at: datetime | None
    arxiv_updated_at: datetime | None
    github_repo: str | None
    github_stars: int | None
    project_page: str | None
    organization: str | None
    upvote_count: int
    comment_count: int
    first_daily_day: date | None
    created_at: datetime
    updated_at: datetime
    # The parts of upvote_count and comment_count from elsewhere: an imported archive's, the followed upstream's
    # (None while it never listed the paper). Counts hold local + the larger of the two (docs/upstream.md).
    imported_upvote_count: int = 0
    imported_comment_count: int = 0
    upstream_upvote_count: int | None = None
    upstream_comment_count: int | None = None

    @property
    def outside_upvote_count(self) -> int:
        return max(self.imported_upvote_count, self.upstream_upvote_count or 0)

    @property
    def local_upvote_count(self) -> int:
        """Upvotes cast on this site."""
        return self.upvote_count - self.outside_upvote_count


@dataclass(frozen=True, slots=True)
class DailyEntry:
    id: int
    day: date
    added_at: datetime
    submitter_name: str | None
    pinned: bool
    paper: Paper
    submitted_by: MemberRef | None = None  # a member of this site; submitter_name is an imported archive's
    comment: str | None = None  # what the submitting member said about the paper
    position: int | None = None  # the order among the day's pinned entries
    upstream_position: int | None = None  # its place on the followed upstream's list that day; None: local
    upstream_dropped_at: datetime | None = None  # when the upstream stopped listing it that day

    @property
    def submitter_shown(self) -> str | None:
        """The name to show beside the entry: the member's, else the imported submitter's."""
        return self.submitted_by.shown_name if self.submitted_by else self.submitter_name
