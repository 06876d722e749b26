"""Collections: a member's named reading lists, their items, and the rules a title, description, note and slug meet."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from dailypapers.domain.papers import Paper
from dailypapers.domain.text import collapse_whitespace, remove_control_characters
from dailypapers.domain.users import InvalidField

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000
MAX_NOTE_LENGTH = 2000
MAX_SLUG_LENGTH = 60  # the column holds 80: room for the "-2", "-3" that tell same-named collections apart
MAX_ITEMS = 5000  # a reading list longer than this is a library; the cap keeps one page and one export bounded
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Collection:
    id: int
    user_id: int
    owner_username: str
    slug: str
    title: str
    description: str
    private: bool
    item_count: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CollectionItem:
    paper: Paper
    position: int
    note: str
    added_at: datetime


def check_title(text: str) -> str:
    title = collapse_whitespace(text)
    if not title:
        raise InvalidField("title", "Give the collection a title.")
    if len(title) > MAX_TITLE_LENGTH:
        raise InvalidField("title", f"Keep the title under {MAX_TITLE_LENGTH} characters.")
    return title


def check_description(text: str) -> str:
    description = remove_control_characters(text).strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise InvalidField("description", f"Keep the description under {MAX_DESCRIPTION_LENGTH} characters.")
    return description


def check_note(text: str) -> str:
    note = remove_control_characters(text).strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidField("note", f"Keep the note under {MAX_NOTE_LENGTH} characters.")
    return note


def slug_base(title: str) -> str:
    """A title's slug: accents folded, lower case, words joined by hyphens ("Résumé: LLMs" → "resume-llms")."""
    folded = unicodedata.normalize("NFKD", title)
    ascii_text = "".join(char for char in folded if not unicodedata.combining(char)).lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")[:MAX_SLUG_LENGTH].rstrip("-")
    return slug or "collection"


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… : the first the owner does not use yet."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def title_key(title: str) -> str:
    """What two spellings of one title share: case, accents, punctuation and spacing left out, so Google Scholar's
    "Attention is all you need" matches arXiv's "Attention Is All You Need"."""
    # LaTeX markup in a title (`\textit{Rule}sual`) is dropped on both sides: BibTeX keeps it, arXiv often does too.
    title = _LATEX_COMMAND.sub("", title).replace("{", "").replace("}", "")
    if not title.isascii():  # most titles are: an import compares every indexed title, so this path is the hot one
        folded = unicodedata.normalize("NFKD", title)
        title = "".join(char for char in folded if not unicodedata.combining(char))
    return " ".join(_NOT_SLUG.sub(" ", title.lower()).split())
