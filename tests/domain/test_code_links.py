import json
from pathlib import Path

import pytest

from dailypapers.domain.code_links import (
    InvalidCodeLink,
    find_code_link,
    normalise_code_link,
    normalise_project_page,
)

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "arxiv_cs_fixture_500.jsonl"


def _shipped() -> dict[str, dict[str, str]]:
    with FIXTURE.open(encoding="utf-8") as lines:
        return {row["id"]: row for row in map(json.loads, lines)}


SHIPPED = _shipped()


@pytest.mark.parametrize(
    ("arxiv_id", "expected"),
    [
        # "The code is available at [https://github.com/...](github.com/...)." — Markdown inside an abstract
        ("2506.06231", "https://github.com/mjalali/embedding-comparison"),
        # LaTeX \href{https://github.com/TyroneLi/CUA_O3D}{CUA_O3D}
        ("2503.16707", "https://github.com/TyroneLi/CUA_O3D"),
        # "...available at https://github.com/nklsKrmnn/HIEGNet.git." — the .git and the full stop go
        ("2506.02542", "https://github.com/nklsKrmnn/HIEGNet"),
        # code and a dataset on Hugging Face: the dataset is no code
        ("2505.07889", "https://github.com/YuyangSunshine/bioprotocolbench"),
        # a Space, named in the arXiv comment only
        ("2606.00671", "https://huggingface.co/spaces/Squagghy/axiom-solver"),
        # a project page on github.io in the comment is not the code
        ("2503.17267", "https://github.com/ImIntheMiddle/EmLoco"),
        ("2504.12103", None),
    ],
)
def test_the_code_link_of_shipped_papers(arxiv_id: str, expected: str | None) -> None:
    paper = SHIPPED[arxiv_id]
    assert find_code_link(paper["abstract"], paper.get("comment")) == expected


def test_a_link_the_text_introduces_as_the_code_wins_over_a_tool_it_builds_on() -> None:
    text = (
        "We build on https://github.com/facebookresearch/detectron2 and improve it. Code: https://github.com/org/ours"
    )
    assert find_code_link(text) == "https://github.com/org/ours"


def test_a_link_without_scheme_or_with_http_is_found_as_https() -> None:
    assert find_code_link("see github.com/Org/Repo/tree/main/src") == "https://github.com/Org/Repo"
    assert find_code_link("see http://www.github.com/Org/Repo") == "https://github.com/Org/Repo"


def test_a_gist_or_another_subdomain_is_no_repository() -> None:
    assert find_code_link("See https://gist.github.com/someone/0123abcd for the script.") is None
    assert find_code_link("Data at https://raw.githubusercontent.com/a/b/main/x.csv") is None


def test_an_organisation_or_a_github_page_is_no_repository() -> None:
    assert find_code_link("Code will be at https://github.com/MiniMax-AI.") is None
    assert find_code_link("https://github.com/features/copilot") is None
    assert find_code_link("https://github.com/") is None


def test_gitlab_subgroups_are_kept_up_to_gitlabs_separator() -> None:
    link = "https://gitlab.com/group/sub/project/-/tree/main"
    assert normalise_code_link(link) == "https://gitlab.com/group/sub/project"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("http://github.com/a/b", "https://"),
        ("https://example.org/a/b", "github.com, gitlab.com"),
        ("https://github.com/a", "does not name a repository"),
        ("https://huggingface.co/datasets/a/b", "does not name a repository"),
        ("https://github.com:8443/a/b", "github.com, gitlab.com"),
        ("https://github.com/" + "a/" * 300, "at most 512"),
    ],
)
def test_a_bad_code_link_says_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(InvalidCodeLink, match=reason):
        normalise_code_link(text)


def test_a_project_page_is_any_https_address() -> None:
    assert normalise_project_page(" https://org.github.io/page/ ") == "https://org.github.io/page/"
    for bad in ("http://org.github.io", "javascript:alert(1)", "https://localhost/x"):
        with pytest.raises(InvalidCodeLink):
            normalise_project_page(bad)


def test_shipped_abstracts_yield_links_for_about_one_paper_in_seven() -> None:
    found = [find_code_link(paper["abstract"], paper.get("comment")) for paper in SHIPPED.values()]
    links = [link for link in found if link]
    # 68 of the 500 (13.6 %), each checked to name one repository, never a page of the host
    assert len(links) == 68
    assert all(link.count("/") in (4, 5) for link in links)
