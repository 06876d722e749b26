"""Email subscriptions: who gets digests, how often, and the topics their "for you" section follows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dailypapers.domain.authors import author_key
from dailypapers.domain.text import collapse_whitespace
from dailypapers.domain.users import InvalidField

MAX_TOPICS_PER_KIND = 20
MAX_TOPIC_LENGTH = 100
# arXiv archives and categories: cs.CV, hep-th, astro-ph.CO, q-bio.NC, math.AG.
CATEGORY_PATTERN = re.compile(r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2,})?")
_WORD = re.compile(r"[^\W_]+")


class Cadence(StrEnum):
    DAILY = "daily"  # weekdays
    WEEKLY = "weekly"  # Mondays


class SubscriptionStatus(StrEnum):
    PENDING = "pending"  # waiting for the address's owner to confirm
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"


class TopicKind(StrEnum):
    KEYWORD = "keyword"
    CATEGORY = "category"
    AUTHOR = "author"


@dataclass(frozen=True, slots=True)
class Topic:
    kind: TopicKind
    key: str  # what matching compares: folded words, a category, an author's name_key
    value: str  # as typed, for the settings form and the "why" beside a pick

    @property
    def label(self) -> str:
        return f"{self.kind.value} “{self.value}”"


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    email: str
    user_id: int | None
    status: SubscriptionStatus
    cadence: Cadence
    paused: bool
    bounce_count: int
    suspended_at: datetime | None
    confirmed_at: datetime | None
    created_at: datetime
    topics: tuple[Topic, ...] = ()

    @property
    def receives_digests(self) -> bool:
        return self.status is SubscriptionStatus.ACTIVE and not self.paused and self.suspended_at is None


def keyword_words(text: str) -> tuple[str, ...]:
    """Lower-cased words with a plural's final s dropped, so that `transformers` finds `transformer`."""
    return tuple(_fold_word(word) for word in _WORD.findall(text.lower()))


def _fold_word(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def make_topic(kind: TopicKind, value: str) -> Topic:
    """A topic from what was typed; InvalidField names the form field when it cannot be one."""
    value = collapse_whitespace(value)
    field = f"{kind.value}s" if kind is not TopicKind.CATEGORY else "categories"
    if len(value) > MAX_TOPIC_LENGTH:
        raise InvalidField(field, f"“{value[:30]}…” is longer than {MAX_TOPIC_LENGTH} characters.")
    if kind is TopicKind.CATEGORY:
        if not CATEGORY_PATTERN.fullmatch(value):
            raise InvalidField(field, f"“{value}” is not an arXiv category like cs.CL or hep-th.")
        return Topic(kind, value.lower(), value)
    if kind is TopicKind.AUTHOR:
        return Topic(kind, author_key(value), value)
    words = keyword_words(value)
    if not words:
        raise InvalidField(field, f"“{value}” holds no word to look for.")
    return Topic(kind, " ".join(words), value)


def parse_topics(kind: TopicKind, text: str) -> list[Topic]:
    """Topics typed one per line or separated by commas (categories also by spaces); duplicates dropped."""
    separators = r"[,\n;]+" if kind is not TopicKind.CATEGORY else r"[,\s;]+"
    parts = [part for part in (collapse_whitespace(item) for item in re.split(separators, text)) if part]
    unique: dict[str, Topic] = {}
    for topic in (make_topic(kind, part) for part in parts):
        unique.setdefault(topic.key, topic)  # the first spelling typed wins
    topics = list(unique.values())
    if len(topics) > MAX_TOPICS_PER_KIND:
        field = f"{kind.value}s" if kind is not TopicKind.CATEGORY else "categories"
        raise InvalidField(field, f"At most {MAX_TOPICS_PER_KIND} {field}, please.")
    return topics


def format_topics(topics: Iterable[Topic], kind: TopicKind) -> str:
    """The topics of a kind as the settings form shows them, one per line."""
    return "\n".join(topic.value for topic in topics if topic.kind is kind)
