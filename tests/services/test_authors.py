"""Author pages' data: an author's papers by name key, newest first, their usual spelling, verified members."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services.authors import require_author_papers
from dailypapers.services.claims import claim_author, decide_claim
from dailypapers.services.errors import NotFound
from tests.factories import NOW


def published(year: int, month: int) -> datetime:
    return datetime(year, month, 1, tzinfo=UTC)


def test_an_author_s_papers_come_newest_first_in_pages(db: Database, make_paper: Callable[..., str]) -> None:
    old = make_paper(authors=("Zoe Muller", "B"), published_at=published(2023, 1))
    new = make_paper(authors=("A", "Zoë Müller"), published_at=published(2025, 5))
    middle = make_paper(authors=("Zoë Müller",), published_at=published(2024, 2))
    make_paper(authors=("Zoe Mueller",), published_at=published(2025, 6))  # another key: not theirs
    first = require_author_papers(db, key="zoe-muller", limit=2)
    assert [paper.arxiv_id for paper in first.papers] == [new, middle]
    assert (first.total, first.has_more, first.name) == (3, True, "Zoë Müller")
    rest = require_author_papers(db, key="zoe-muller", offset=2, limit=2)
    assert [paper.arxiv_id for paper in rest.papers] == [old] and not rest.has_more


def test_members_verified_as_the_author_are_named(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(authors=("Grace Hopper",))
    ada = make_user(username="ada")
    claim = claim_author(db, arxiv_id=arxiv_id, user=ada, position=0, now=NOW)
    assert require_author_papers(db, key="grace-hopper").verified_members == []
    decide_claim(db, claim_id=claim.id, admin=None, approve=True, now=NOW)
    assert [member.username for member in require_author_papers(db, key="grace-hopper").verified_members] == ["ada"]


@pytest.mark.parametrize("key", ["nobody-at-all", "x\x00y", "k" * 300])
def test_an_unknown_or_impossible_key_is_not_found(db: Database, key: str) -> None:
    with pytest.raises(NotFound):
        require_author_papers(db, key=key)
