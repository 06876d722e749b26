"""Author pages: the papers with an author of a given name key, newest first, and the members verified as them."""

from __future__ import annotations

from dataclasses import dataclass

from dailypapers.db.engine import Database
from dailypapers.domain.papers import Paper
from dailypapers.domain.text import remove_control_characters
from dailypapers.domain.users import MemberRef
from dailypapers.services.errors import NotFound
from dailypapers.store import authors as authors_store
from dailypapers.store import claims as claims_store
from dailypapers.store import papers as papers_store

MAX_KEY_LENGTH = 255


@dataclass(frozen=True, slots=True)
class AuthorPapers:
    key: str
    name: str  # the spelling most of their papers use
    papers: list[Paper]
    total: int
    offset: int
    verified_members: list[MemberRef]  # members an admin verified as this name on at least one paper

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.papers) < self.total


def require_author_papers(db: Database, *, key: str, offset: int = 0, limit: int = 50) -> AuthorPapers:
    """A page of the author's papers; NotFound when no indexed paper has an author of this key."""
    if len(key) > MAX_KEY_LENGTH or remove_control_characters(key) != key:
        raise NotFound("no author has a name like that")
    with db.reading() as connection:
        name = authors_store.get_author_name(connection, key=key)
        if name is None:
            raise NotFound(f"no indexed paper has an author {key!r}")
        ids = authors_store.list_author_paper_ids(connection, key=key, offset=offset, limit=limit)
        return AuthorPapers(
            key=key,
            name=name,
            papers=papers_store.list_papers_by_ids(connection, paper_ids=ids),
            total=authors_store.count_author_papers(connection, key=key),
            offset=offset,
            verified_members=claims_store.list_author_claimants(connection, key=key),
        )
