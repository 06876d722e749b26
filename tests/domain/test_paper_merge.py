from datetime import UTC, datetime

from dailypapers.domain.paper_merge import merge_paper, with_found_code_link
from dailypapers.domain.papers import PaperRecord

BASE = PaperRecord(
    arxiv_id="2406.01234",
    version=2,
    title="Title v2",
    abstract="Abstract v2",
    authors=("Ada Lovelace",),
    categories=("cs.CL",),
    published_at=datetime(2024, 6, 3, tzinfo=UTC),
)


def test_a_newer_version_replaces_the_arxiv_metadata() -> None:
    newer = PaperRecord("2406.01234", "Title v3", "Abstract v3", ("Ada Lovelace", "Alan Turing"), version=3)
    merged = merge_paper(BASE, newer)
    assert (merged.version, merged.title, merged.authors) == (3, "Title v3", ("Ada Lovelace", "Alan Turing"))


def test_an_older_version_changes_nothing() -> None:
    older = PaperRecord("2406.01234", "Title v1", "Abstract v1", ("Someone",), version=1)
    assert merge_paper(BASE, older) == BASE


def test_missing_fields_keep_what_is_stored() -> None:
    sparse = PaperRecord(
        "2406.01234", "Title v2", "Abstract v2", ("Ada Lovelace",), github_repo="https://github.com/a/b"
    )
    merged = merge_paper(BASE, sparse)
    assert merged.categories == ("cs.CL",)
    assert merged.github_repo == "https://github.com/a/b"
    assert merged.version == 2


def test_the_earliest_publication_time_wins_whatever_the_order() -> None:
    later = PaperRecord(
        "2406.01234", "Title v2", "Abstract v2", ("Ada Lovelace",), published_at=datetime(2024, 6, 5, tzinfo=UTC)
    )
    assert merge_paper(BASE, later).published_at == BASE.published_at
    assert merge_paper(later, BASE).published_at == BASE.published_at


def test_merging_the_same_record_again_is_a_no_op() -> None:
    assert merge_paper(BASE, BASE) == BASE


def test_without_versions_a_record_updated_earlier_changes_nothing() -> None:
    stored = PaperRecord(
        "2406.01234", "Title v2", "Abstract v2", ("Ada Lovelace",), arxiv_updated_at=datetime(2024, 6, 9, tzinfo=UTC)
    )
    earlier = PaperRecord(
        "2406.01234", "Title v1", "Abstract v1", ("Someone",), arxiv_updated_at=datetime(2024, 6, 4, tzinfo=UTC)
    )
    later = PaperRecord(
        "2406.01234", "Title v3", "Abstract v3", ("Ada Lovelace",), arxiv_updated_at=datetime(2024, 7, 1, tzinfo=UTC)
    )

    assert merge_paper(stored, earlier) == stored
    assert merge_paper(stored, later).title == "Title v3"


def test_a_person_set_link_is_not_overwritten_by_a_source() -> None:
    edited = PaperRecord(
        "2406.01234", "Title v2", "Abstract v2", ("Ada Lovelace",), github_repo="https://github.com/right/one"
    )
    incoming = PaperRecord(
        "2406.01234",
        "Title v2",
        "Abstract v2",
        ("Ada Lovelace",),
        github_repo="https://github.com/wrong/one",
        project_page="https://wrong.example.org",
        github_stars=5,
    )
    merged = merge_paper(edited, incoming, links_edited=True)
    assert (merged.github_repo, merged.project_page, merged.github_stars) == (
        "https://github.com/right/one",
        None,
        5,
    )
    assert merge_paper(edited, incoming).github_repo == "https://github.com/wrong/one"


def test_a_link_found_in_the_abstract_fills_only_an_empty_code_link() -> None:
    text = "Code is available at https://github.com/found/repo."
    bare = PaperRecord("2406.01234", "T", text, ("A",))
    assert with_found_code_link(bare).github_repo == "https://github.com/found/repo"
    given = PaperRecord("2406.01234", "T", text, ("A",), github_repo="https://github.com/given/repo")
    assert with_found_code_link(given) == given
