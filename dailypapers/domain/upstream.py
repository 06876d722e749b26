"""Following an upstream list: what one item of an upstream day says, what a pull did, and the upstream's name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from dailypapers.domain.papers import DailyRecord, PaperRecord

HUGGING_FACE_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
REPULLED_DAYS = 2  # upstream counts still move on recent days; a pull without --from takes them again


@dataclass(frozen=True, slots=True)
class UpstreamExtras:
    """What the upstream says of a paper beyond its arXiv metadata, when it says it (Hugging Face does)."""

    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    thumbnail_url: str | None = None
    media_urls: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.ai_summary or self.ai_keywords or self.thumbnail_url or self.media_urls)


@dataclass(frozen=True, slots=True)
class UpstreamItem:
    """One paper on one upstream day, at `position` (1 is first) of the upstream's answer; `daily` holds its
    counts there and its submitter."""

    paper: PaperRecord
    daily: DailyRecord
    position: int
    extras: UpstreamExtras = field(default_factory=UpstreamExtras)


@dataclass(frozen=True, slots=True)
class SkippedItem:
    day: date
    position: int
    reason: str

    def __str__(self) -> str:
        return f"{self.day} item {self.position}: {self.reason}"


@dataclass(slots=True)
class DayReport:
    """What pulling one day changed here."""

    day: date
    items: int = 0
    added: int = 0
    counts_changed: int = 0
    moved: int = 0
    dropped: int = 0
    kept_removed: int = 0  # on the upstream's list, taken off here by a curator: left off
    skipped: list[SkippedItem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class UpstreamLink:
    """The followed upstream as pages show it: its name and its address."""

    name: str
    url: str


def upstream_name(url: str) -> str:
    """How pages name the upstream: "Hugging Face" for huggingface.co, else its host (and port, when given)."""
    parts = urlsplit(url)
    host = (parts.hostname or url).lower()
    return "Hugging Face" if host in HUGGING_FACE_HOSTS else parts.netloc.lower() or host
