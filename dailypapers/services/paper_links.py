"""Curators and a paper's verified authors setting or correcting its code link and project page; each change is
logged, and imports leave the links alone afterwards."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from dailypapers.db.engine import Database
from dailypapers.domain.claims import place_verified_authors
from dailypapers.domain.code_links import InvalidCodeLink, normalise_code_link, normalise_project_page
from dailypapers.domain.paper_links import LinkChange, LinkField, may_edit_links
from dailypapers.domain.papers import Paper
from dailypapers.domain.users import User
from dailypapers.services.errors import Forbidden, InvalidInput, NotFound
from dailypapers.store import claims as claims_store
from dailypapers.store import paper_link_writes
from dailypapers.store import papers as papers_store
from dailypapers.store.paper_links import list_link_changes

log = logging.getLogger(__name__)
_NORMALISERS = {LinkField.GITHUB_REPO: normalise_code_link, LinkField.PROJECT_PAGE: normalise_project_page}


@dataclass(frozen=True, slots=True)
class PaperLinks:
    paper: Paper
    changes: list[LinkChange]  # newest first


def check_links(values: Mapping[LinkField, str | None]) -> dict[LinkField, str | None]:
    """The links as stored (empty clears one); InvalidInput names each field that is wrong and why."""
    cleaned: dict[LinkField, str | None] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        if value is None or not value.strip():
            cleaned[name] = None
            continue
        try:
            cleaned[name] = _NORMALISERS[name](value)
        except InvalidCodeLink as error:
            errors[name.value] = str(error)
    if errors:
        raise InvalidInput(errors)
    return cleaned


def set_paper_links(
    db: Database, *, arxiv_id: str, values: Mapping[LinkField, str | None], user: User | None, now: datetime
) -> PaperLinks:
    """Set the links given (a field left out is left alone). `user` None is the operator at the command line."""
    cleaned = check_links(values)
    with db.transaction() as connection:
        paper = papers_store.get_paper(connection, arxiv_id=arxiv_id)
        if paper is None:
            raise NotFound(f"no paper {arxiv_id} is indexed here")
        if user is not None:
            claims = claims_store.list_paper_claims(connection, paper_ids=[paper.id])
            if not may_edit_links(user, verified=place_verified_authors(paper.authors, claims)):
                raise Forbidden("only curators and the paper's verified authors can change its links")
        changed = paper_link_writes.set_paper_links(
            connection, paper_id=paper.id, values=cleaned, actor_id=user.id if user else None, now=now
        )
        updated = papers_store.get_paper(connection, arxiv_id=arxiv_id)
        changes = list_link_changes(connection, paper_id=paper.id)
    assert updated is not None
    if changed:
        log.info("%s changed %d link(s) of %s", user.username if user else "the operator", changed, arxiv_id)
    return PaperLinks(updated, changes)


def get_paper_links(db: Database, *, arxiv_id: str) -> PaperLinks:
    with db.reading() as connection:
        paper = papers_store.get_paper(connection, arxiv_id=arxiv_id)
        if paper is None:
            raise NotFound(f"no paper {arxiv_id} is indexed here")
        return PaperLinks(paper, list_link_changes(connection, paper_id=paper.id))
