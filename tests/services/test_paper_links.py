"""Code links: found at import, set by curators and verified authors, logged, and then left alone by imports."""

from collections.abc import Callable

import pytest
from sqlalchemy import select

from dailypapers.db.engine import Database
from dailypapers.db.schema import papers
from dailypapers.domain.paper_links import LinkField
from dailypapers.domain.users import Role, User
from dailypapers.services.claims import claim_author, decide_claim
from dailypapers.services.errors import Forbidden, InvalidInput, NotFound
from dailypapers.services.paper_links import get_paper_links, set_paper_links
from dailypapers.services.papers import require_paper
from dailypapers.store.paper_writes import upsert_papers
from tests.factories import NOW, make_record

CODE_ABSTRACT = "We study things. Our code is available at https://github.com/found/in-abstract."


def test_a_paper_stored_without_a_link_gets_the_one_its_abstract_names(
    db: Database, make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(abstract=CODE_ABSTRACT, github_repo=None, comment=None)
    assert require_paper(db, arxiv_id=arxiv_id).github_repo == "https://github.com/found/in-abstract"


def test_a_link_a_source_gives_wins_over_the_one_in_the_abstract(db: Database, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(abstract=CODE_ABSTRACT, github_repo="https://github.com/from/huggingface")
    assert require_paper(db, arxiv_id=arxiv_id).github_repo == "https://github.com/from/huggingface"


def test_a_curator_sets_links_which_are_logged_and_survive_a_reimport(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    record = make_record(abstract=CODE_ABSTRACT, github_repo=None)
    with db.transaction() as connection:
        upsert_papers(connection, [record], now=NOW)
    curator = make_user(role=Role.CURATOR)
    result = set_paper_links(
        db,
        arxiv_id=record.arxiv_id,
        values={LinkField.GITHUB_REPO: "https://github.com/Right/Repo.git", LinkField.PROJECT_PAGE: "https://x.org/p"},
        user=curator,
        now=NOW,
    )
    assert (result.paper.github_repo, result.paper.project_page) == ("https://github.com/Right/Repo", "https://x.org/p")
    logged = {(change.field, change.old_value, change.new_value) for change in result.changes}
    assert logged == {
        (LinkField.GITHUB_REPO, "https://github.com/found/in-abstract", "https://github.com/Right/Repo"),
        (LinkField.PROJECT_PAGE, None, "https://x.org/p"),
    }
    assert all(change.actor and change.actor.id == curator.id for change in result.changes)

    again = make_record(arxiv_id=record.arxiv_id, abstract=CODE_ABSTRACT, github_repo="https://github.com/hf/other")
    with db.transaction() as connection:
        upsert_papers(connection, [again], now=NOW)
    assert require_paper(db, arxiv_id=record.arxiv_id).github_repo == "https://github.com/Right/Repo"
    # Setting the same values again changes and logs nothing.
    same = set_paper_links(
        db,
        arxiv_id=record.arxiv_id,
        values={LinkField.GITHUB_REPO: "https://github.com/Right/Repo"},
        user=curator,
        now=NOW,
    )
    assert len(same.changes) == 2


def test_an_empty_value_clears_a_link(db: Database, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(github_repo="https://github.com/a/b")
    result = set_paper_links(db, arxiv_id=arxiv_id, values={LinkField.GITHUB_REPO: " "}, user=None, now=NOW)
    assert result.paper.github_repo is None
    assert result.changes[0].actor is None


def test_a_verified_author_may_edit_and_another_member_may_not(
    db: Database, make_paper: Callable[..., str], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper(authors=("Grace Hopper", "Alan Turing"))
    author, stranger = make_user(), make_user()
    claim = claim_author(db, arxiv_id=arxiv_id, user=author, position=0, now=NOW)
    link = {LinkField.GITHUB_REPO: "https://gitlab.com/grace/cobol"}
    with pytest.raises(Forbidden):  # a pending claim is not enough
        set_paper_links(db, arxiv_id=arxiv_id, values=link, user=author, now=NOW)
    decide_claim(db, claim_id=claim.id, admin=None, approve=True, now=NOW)
    assert (
        set_paper_links(db, arxiv_id=arxiv_id, values=link, user=author, now=NOW).paper.github_repo
        == link[LinkField.GITHUB_REPO]
    )
    with pytest.raises(Forbidden):
        set_paper_links(db, arxiv_id=arxiv_id, values={LinkField.GITHUB_REPO: None}, user=stranger, now=NOW)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({LinkField.GITHUB_REPO: "http://github.com/a/b"}, "github_repo"),
        ({LinkField.GITHUB_REPO: "https://bitbucket.org/a/b"}, "github_repo"),
        ({LinkField.PROJECT_PAGE: "ftp://x.org"}, "project_page"),
    ],
)
def test_a_bad_link_changes_nothing_and_names_the_field(
    db: Database, make_paper: Callable[..., str], values: dict[LinkField, str], field: str
) -> None:
    arxiv_id = make_paper(github_repo="https://github.com/a/b", project_page=None)
    with pytest.raises(InvalidInput) as error:
        set_paper_links(db, arxiv_id=arxiv_id, values=values, user=None, now=NOW)
    assert list(error.value.errors) == [field]
    with db.reading() as connection:
        row = connection.execute(
            select(papers.c.github_repo, papers.c.links_edited_at).where(papers.c.arxiv_id == arxiv_id)
        ).one()
    assert tuple(row) == ("https://github.com/a/b", None)
    assert get_paper_links(db, arxiv_id=arxiv_id).changes == []


def test_an_unknown_paper_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        set_paper_links(db, arxiv_id="2501.99999", values={}, user=None, now=NOW)
