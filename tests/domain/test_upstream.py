from datetime import date

from dailypapers.domain import urls
from dailypapers.domain.upstream import upstream_name


def test_hugging_face_is_named_and_another_instance_goes_by_its_host() -> None:
    assert upstream_name("https://huggingface.co") == "Hugging Face"
    assert upstream_name("https://papers.example.org") == "papers.example.org"
    assert upstream_name("http://127.0.0.1:8170") == "127.0.0.1:8170"


def test_links_to_the_upstream_use_the_paths_both_kinds_of_site_serve() -> None:
    assert urls.upstream_paper_url("https://huggingface.co", "2506.01234") == "https://huggingface.co/papers/2506.01234"
    assert (
        urls.upstream_day_url("https://papers.example.org", date(2025, 6, 12))
        == "https://papers.example.org/papers/date/2025-06-12"
    )
