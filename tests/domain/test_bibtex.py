from datetime import UTC, date, datetime

from dailypapers.domain.bibtex import citation_key, render_bibtex
from dailypapers.domain.papers import Paper


def _paper(**overrides: object) -> Paper:
    values: dict[str, object] = {
        "id": 1,
        "arxiv_id": "2405.15738",
        "version": 1,
        "title": "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models",
        "abstract": "...",
        "authors": ("Chunjiang Ge", "Sijie Cheng"),
        "categories": ("cs.CV",),
        "primary_category": "cs.CV",
        "comment": None,
        "journal_ref": None,
        "doi": None,
        "published_at": datetime(2024, 5, 24, 17, 34, tzinfo=UTC),
        "arxiv_updated_at": None,
        "github_repo": None,
        "github_stars": None,
        "project_page": None,
        "organization": None,
        "upvote_count": 0,
        "comment_count": 0,
        "first_daily_day": date(2024, 5, 27),
        "created_at": datetime(2024, 5, 27, tzinfo=UTC),
        "updated_at": datetime(2024, 5, 27, tzinfo=UTC),
    }
    values.update(overrides)
    return Paper(**values)  # type: ignore[arg-type]


def test_key_is_surname_year_and_first_significant_title_word() -> None:
    assert citation_key(_paper()) == "ge2024convllava"
    assert citation_key(_paper(title="The Role of Müller", authors=("José Müller",))) == "muller2024role"


def test_entry_names_the_eprint_and_escapes_latex_specials() -> None:
    entry = render_bibtex(_paper(title="50% faster {sorting} & more"))
    assert entry.startswith("@misc{ge202450,")
    assert "title={50\\% faster sorting \\& more}" in entry
    assert "eprint={2405.15738}" in entry
    assert "author={Chunjiang Ge and Sijie Cheng}" in entry
    assert entry.count("{") == entry.count("}")
