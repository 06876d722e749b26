from datetime import date

from dailypapers.domain import urls
from dailypapers.domain.periods import parse_period


def test_old_style_ids_keep_their_slash() -> None:
    assert urls.paper_path("cs/0112017") == "/papers/cs/0112017"
    assert urls.paper_vote_path("hep-th/9901001") == "/papers/hep-th/9901001/vote"
    assert urls.api_vote_path("hep-th/9901001") == "/api/v1/papers/hep-th/9901001/vote"
    assert urls.comment_path("2406.01234", 7) == "/papers/2406.01234#comment-7"


def test_author_names_become_one_percent_encoded_segment() -> None:
    assert urls.author_path("Ada Lovelace") == "/authors/ada-lovelace"
    assert urls.author_path("Zoë Ångström") == "/authors/zoe-angstrom"
    assert urls.author_path("李 明") == "/authors/%E6%9D%8E-%E6%98%8E"
    # A key is encoded whole, a slash included, so it stays one segment.
    assert urls.author_key_path("李 明/x") == "/authors/%E6%9D%8E%20%E6%98%8E%2Fx"
    assert urls.author_key_path("ada-lovelace", page=2) == "/authors/ada-lovelace?page=2"


def test_lists_leave_defaults_out_of_the_query() -> None:
    day = date(2025, 6, 12)
    assert urls.day_path(day) == "/papers/date/2025-06-12"
    assert urls.day_path(day, sort="added") == "/papers/date/2025-06-12?sort=added"
    assert urls.period_path(parse_period("day", "2025-06-12")) == urls.day_path(day)
    assert urls.period_path(parse_period("week", "2025-W24"), page=2) == "/papers/week/2025-W24?page=2"
    assert urls.period_path(parse_period("month", "2025-06"), sort="added", page=3) == (
        "/papers/month/2025-06?sort=added&page=3"
    )
    assert urls.trending_path() == "/papers/trending"
    assert urls.trending_path(window=3, as_of=day, page=2) == "/papers/trending?window=3&date=2025-06-12&page=2"


def test_query_values_are_encoded() -> None:
    assert urls.signin_path(next_path="/papers?q=a b") == "/signin?next=%2Fpapers%3Fq%3Da+b"
    assert urls.subscribe_path(email="a+b@example.org") == "/subscribe?email=a%2Bb%40example.org"
    assert urls.search_path({"q": "video diffusion"}) == "/papers?q=video+diffusion"


def test_absolute_links_join_the_base_url_once() -> None:
    assert urls.absolute("https://papers.example.org/", "/papers/2406.01234") == (
        "https://papers.example.org/papers/2406.01234"
    )
    assert urls.absolute("https://example.org/site", urls.home_path()) == "https://example.org/site/"
