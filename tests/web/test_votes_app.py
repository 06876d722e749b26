"""Upvoting from the API (PUT/DELETE, idempotent) and from the card and paper-page forms without JavaScript."""

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from tests.factories import csrf_form, csrf_headers


def test_put_and_delete_are_idempotent_and_return_the_count(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper(upvotes=4)
    sign_in()
    headers = csrf_headers(client)
    for _ in range(2):
        response = client.put(f"/api/v1/papers/{arxiv_id}/vote", headers=headers)
        assert response.status_code == 200 and response.json() == {"arxiv_id": arxiv_id, "upvotes": 5, "voted": True}
    assert client.get(f"/api/papers/{arxiv_id}").json()["upvotes"] == 5
    for _ in range(2):
        response = client.delete(f"/api/v1/papers/{arxiv_id}/vote", headers=headers)
        assert response.json() == {"arxiv_id": arxiv_id, "upvotes": 4, "voted": False}


def test_a_versioned_id_votes_for_the_paper_and_an_unknown_one_is_a_404_problem(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    sign_in()
    assert client.put(f"/api/v1/papers/{arxiv_id}v3/vote", headers=csrf_headers(client)).json()["voted"]
    for path in ("/api/v1/papers/2401.99999/vote", "/api/v1/papers/not-an-id/vote"):
        response = client.put(path, headers=csrf_headers(client))
        assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"


def test_a_visitor_cannot_vote(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper()
    assert client.put(f"/api/v1/papers/{arxiv_id}/vote").status_code == 401
    assert client.get(f"/api/papers/{arxiv_id}").json()["upvotes"] == 0


def test_the_card_form_upvotes_without_javascript_and_comes_back_to_the_card(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12), upvotes=2)
    sign_in()
    page = client.get("/papers/date/2025-06-12")
    assert f'action="/papers/{arxiv_id}/vote"' in page.text and 'aria-pressed="false"' in page.text
    form = csrf_form(client, vote="up", next="/papers/date/2025-06-12?sort=added")
    response = client.post(f"/papers/{arxiv_id}/vote", data=form)
    assert response.status_code == 303
    assert response.headers["location"] == f"/papers/date/2025-06-12?sort=added#paper-{arxiv_id}"
    page = client.get("/papers/date/2025-06-12")
    assert 'class="votes voted" aria-pressed="true"' in page.text and 'name="vote" value="down"' in page.text
    client.post(f"/papers/{arxiv_id}/vote", data=csrf_form(client, vote="down"))
    assert client.get(f"/api/papers/{arxiv_id}").json()["upvotes"] == 2


def test_the_form_never_sends_anyone_to_another_site(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    sign_in()
    response = client.post(f"/papers/{arxiv_id}/vote", data=csrf_form(client, vote="up", next="//evil.example/"))
    assert response.headers["location"] == f"/#paper-{arxiv_id}"


def test_visitors_see_a_link_to_sign_in_instead_of_a_form(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12))
    page = client.get(f"/papers/{arxiv_id}").text
    assert 'class="vote-form"' not in page and f'href="/signin?next=%2Fpapers%2F{arxiv_id}"' in page
    assert "votes.js" not in page
