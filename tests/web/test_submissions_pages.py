"""The submit page: a paper joins today's list, and each refusal shows the form again with the reason and the input."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from dailypapers.settings import Settings
from tests.factories import NOW, FakeClock, csrf_form
from tests.fakes.arxiv_feed import FakePaper
from tests.fakes.arxiv_server import FakeArxiv

TODAY = NOW.date().isoformat()
RECENT = NOW - timedelta(days=2)


@pytest.fixture
def settings(tmp_path: Path, fake_arxiv: FakeArxiv) -> Iterator[Settings]:
    """Lookups on, against the fake arXiv, with no wait between requests."""
    yield Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "var",
        database_url="sqlite://",
        arxiv_api_url=fake_arxiv.base_url,
        arxiv_min_interval=0.0,
    )


def post_submit(client: TestClient, arxiv_id: str, comment: str = "") -> Any:
    return client.post("/papers/submit", data=csrf_form(client, arxiv_id=arxiv_id, comment=comment))


def test_signed_out_the_submit_page_asks_to_sign_in(client: TestClient) -> None:
    page = client.get("/papers/submit")
    assert page.status_code == 303 and page.headers["location"] == "/signin?next=%2Fpapers%2Fsubmit"
    assert 'href="/papers/submit"' not in client.get("/signin").text


def test_a_member_submits_a_known_paper_and_sees_it_on_today_s_list(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str], fake_arxiv: FakeArxiv
) -> None:
    sign_in(username="ada", display_name="Ada L.")
    arxiv_id = make_paper(published_at=RECENT, title="A paper worth reading")
    form = client.get("/papers/submit")
    assert form.status_code == 200 and "You can submit 3 more papers today." in form.text
    assert 'href="/papers/submit"' in form.text  # the header links to it for members
    response = post_submit(client, f"https://arxiv.org/pdf/{arxiv_id}v1.pdf", comment="Short and clear.")
    assert response.status_code == 303 and response.headers["location"] == f"/papers/date/{TODAY}?sort=added"
    day = client.get(response.headers["location"])
    assert "A paper worth reading" in day.text
    assert 'submitted by <a href="/users/ada">Ada L.</a>' in day.text and "Short and clear." in day.text
    assert fake_arxiv.requests == []
    assert "You can submit 2 more papers today." in client.get("/papers/submit").text


def test_an_unknown_paper_is_fetched_from_arxiv_then_listed(
    client: TestClient, sign_in: Callable[..., User], fake_arxiv: FakeArxiv, arxiv_rows: dict[str, dict[str, Any]]
) -> None:
    sign_in()
    row = next(iter(arxiv_rows.values()))
    fake_arxiv.add(FakePaper.from_row(row, arxiv_id="2506.99911", versions=(RECENT,)))
    assert post_submit(client, "arXiv:2506.99911").status_code == 303
    page = client.get("/papers/2506.99911")
    assert row["title"][:30] in page.text and f"/papers/date/{TODAY}" in page.text


@pytest.mark.parametrize(
    ("text", "status", "message"),
    [
        ("2506.99999", 404, "arXiv has no paper 2506.99999."),
        ("not an id <b>", 422, "is not an arXiv identifier"),
    ],
)
def test_an_unknown_or_unreadable_paper_is_refused_and_the_input_kept(
    client: TestClient, sign_in: Callable[..., User], text: str, status: int, message: str
) -> None:
    sign_in()
    page = post_submit(client, text, comment="keep me")
    assert page.status_code == status and message in page.text
    assert 'value="' + text.replace("<", "&lt;").replace(">", "&gt;") + '"' in page.text
    assert ">keep me</textarea>" in page.text


def test_rule_refusals_say_why_on_the_page(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    sign_in()
    old = make_paper(published_at=datetime(2025, 5, 1, tzinfo=UTC))
    page = post_submit(client, old)
    assert page.status_code == 422 and "papers here may be at most 14 days old" in page.text
    listed = make_paper(day=NOW.date(), published_at=RECENT)
    page = post_submit(client, listed)
    assert page.status_code == 409 and "is already on today&#39;s list" in page.text
    for _ in range(3):
        assert post_submit(client, make_paper(published_at=RECENT)).status_code == 303
    page = post_submit(client, make_paper(published_at=RECENT))
    assert page.status_code == 429 and page.headers["retry-after"] == str(15 * 3600)
    assert "you can submit more tomorrow" in page.text and "You can submit 0 more papers today." in page.text


def test_closed_weekends_refuse_with_a_message(
    client: TestClient,
    settings: Settings,
    sign_in: Callable[..., User],
    make_paper: Callable[..., str],
    clock: FakeClock,
) -> None:
    settings.submission_weekends = False
    clock.now = datetime(2025, 6, 14, 10, tzinfo=UTC)  # a Saturday
    sign_in()
    assert "Submissions are closed today" in client.get("/papers/submit").text
    page = post_submit(client, make_paper(published_at=RECENT))
    assert page.status_code == 403 and "closed at weekends" in page.text


def test_arxiv_down_is_a_503_with_retry_after_and_the_input_kept(
    client: TestClient, sign_in: Callable[..., User], fake_arxiv: FakeArxiv
) -> None:
    sign_in()
    fake_arxiv.fail(503, times=2, retry_after="120")
    page = post_submit(client, "2506.99912")
    assert page.status_code == 503 and page.headers["retry-after"] == "120"
    assert "arXiv did not answer" in page.text and 'value="2506.99912"' in page.text


def test_submitting_too_fast_is_rate_limited(
    client: TestClient, settings: Settings, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    settings.rate_limit_submit = "1/minute"
    sign_in()
    assert post_submit(client, make_paper(published_at=RECENT)).status_code == 303
    page = post_submit(client, make_paper(published_at=RECENT))
    assert page.status_code == 429 and "too many submit attempts" in page.text and "retry-after" in page.headers


def test_a_form_sent_after_signing_out_is_refused(client: TestClient, sign_in: Callable[..., User]) -> None:
    sign_in()
    form = csrf_form(client, arxiv_id="2506.99913")
    client.cookies.clear()
    assert client.post("/papers/submit", data=form).status_code == 403
