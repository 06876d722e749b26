"""Follows and saved searches: what a member keeps an eye on, each reduced to the key the site matches papers by."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from dailypapers.domain.authors import author_key
from dailypapers.domain.subscriptions import CATEGORY_PATTERN

MAX_LABEL_LENGTH = 255
MAX_SAVED_NAME_LENGTH = 200
MAX_SAVED_QUERY_LENGTH = 2_000
# The search page's own parameters besides `q` and `page`: a saved search keeps these and no others.
SEARCH_PARAMETERS = ("mode", "sort", "from", "to", "category", "has_code", "daily_only")


class FollowKind(StrEnum):
    AUTHOR = "author"  # by name key: every spelling that folds to it
    MEMBER = "member"  # a member an admin verified as an author, by username
    CATEGORY = "category"  # an arXiv category such as cs.CL


class InvalidFollow(ValueError):
    """A follow target that names nothing the site could match."""


@dataclass(frozen=True, slots=True)
class Follow:
    id: int
    kind: FollowKind
    target: str  # the normalised key
    label: str  # as the member wrote it
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SavedSearch:
    id: int
    user_id: int
    name: str
    query: str
    params: Mapping[str, str]  # the search page's parameters, SEARCH_PARAMETERS only
    created_at: datetime

    def search_query(self) -> dict[str, str]:
        """The search page's query string that reruns it exactly: `q` first, then the saved parameters."""
        return {"q": self.query, **{name: self.params[name] for name in SEARCH_PARAMETERS if name in self.params}}


def follow_target(kind: FollowKind, value: str) -> tuple[str, str]:
    """(target, label) for what the member typed or clicked; InvalidFollow when it cannot be matched."""
    label = " ".join(value.split())[:MAX_LABEL_LENGTH]
    if not label:
        raise InvalidFollow(f"name the {kind.value} to follow")
    if kind is FollowKind.AUTHOR:
        return author_key(label), label
    if kind is FollowKind.CATEGORY:
        if not CATEGORY_PATTERN.fullmatch(label):
            raise InvalidFollow(f"“{label}” is not an arXiv category like cs.CL or hep-th")
        return label, label
    return label.lower(), label


def clean_search_params(params: Mapping[str, str]) -> dict[str, str]:
    """The search parameters worth keeping: known names only, blanks and defaults dropped."""
    defaults = {"mode": "hybrid", "sort": "relevance", "has_code": "false", "daily_only": "false"}
    kept = {}
    for name in SEARCH_PARAMETERS:
        value = str(params.get(name, "")).strip()[:64]
        if value and value != defaults.get(name):
            kept[name] = value
    return kept
