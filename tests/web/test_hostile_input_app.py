"""Hostile input answers 4xx with a problem body, never a 500: far dates, ids past 64 bits, lone surrogates."""

from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from tests.factories import csrf_form, csrf_headers

HUGE = str(2**63)
LONE_SURROGATE = '"\\ud800"'  # JSON text for a string holding one half of a surrogate pair


def assert_client_error(response: object, where: str) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert 400 <= status < 500, f"{where}: {status} {response.text[:300]}"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path",
    [
        "/papers/month/9999-12",
        "/papers/date/9999-12-31",
        "/papers/week/9999-W52",
        "/papers/trending?date=9999-12-31",
        "/api/daily_papers?date=9999-12-31",
        "/api/daily_papers?month=9999-12",
        "/api/daily_papers?week=9999-W52",
        "/api/daily_papers?date=9999-12-31&sort=trending",
        "/api/v1/authors/Ada%20Lovelace?p=99999999999999999999",
    ],
)
def test_far_dates_are_refused_not_crashed_on(client: TestClient, path: str) -> None:
    assert_client_error(client.get(path), path)


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=attention&from=9999-12-31&until=9999-12-31",
        "/search?q=attention&from=0001-01-01&until=0001-01-01",
        "/api/papers/search?q=attention&from=9999-12-31&to=9999-12-31",
        "/api/daily_papers?date=9999-12-30&sort=trending",
        "/api/papers/search?q=attention&limit=99999999999999999999",
        "/api/daily_papers?p=99999999999999999999",
        "/papers/trending?p=99999999999999999999",
        "/papers/trending?window=99999999999999999999",
    ],
)
def test_far_filters_and_huge_numbers_answer_without_a_server_error(client: TestClient, path: str) -> None:
    assert client.get(path).status_code < 500, path


def test_dates_inside_the_supported_years_still_answer(client: TestClient) -> None:
    assert client.get("/api/daily_papers?date=2999-01-01").status_code == 200
    assert client.get("/papers/date/0001-01-01").status_code in (200, 404)
    assert client.get("/api/daily_papers?date=0001-01-01").status_code == 200
    assert client.get("/api/daily_papers?week=9998-W52&sort=trending").status_code == 200


@pytest.mark.parametrize("number", [HUGE, str(2**64), "9" * 40, "-" + HUGE])
def test_ids_past_64_bits_are_404_or_422_on_every_id_route(
    client: TestClient, sign_in: Callable[..., User], number: str
) -> None:
    sign_in(role="admin")
    headers = csrf_headers(client)
    calls = [
        ("GET", f"/api/v1/comments/{number}", None),
        ("PATCH", f"/api/v1/comments/{number}", {"body": "x"}),
        ("DELETE", f"/api/v1/comments/{number}", None),
        ("POST", f"/api/v1/comments/{number}/hide", {"reason": "x"}),
        ("PATCH", f"/api/v1/claims/{number}", {"status": "approved"}),
        ("DELETE", f"/api/v1/claims/{number}", None),
        ("POST", f"/comments/{number}/delete", None),
        ("POST", f"/comments/{number}/edit", None),
        ("POST", f"/comments/{number}/hide", None),
        ("POST", f"/account/tokens/{number}/revoke", None),
        ("POST", f"/admin/claims/{number}/approve", None),
        ("POST", f"/admin/claims/{number}/reject", None),
        ("POST", f"/claims/{number}/withdraw", None),
        ("GET", f"/api/v1/collections/{number}", None),
        ("PATCH", f"/api/v1/collections/{number}", {"title": "x"}),
        ("DELETE", f"/api/v1/collections/{number}", None),
        ("POST", f"/api/v1/collections/{number}/items", {"arxiv_id": "2406.01234"}),
        ("PATCH", f"/api/v1/collections/{number}/items/2406.01234", {"note": "x"}),
        ("DELETE", f"/api/v1/collections/{number}/items/2406.01234", None),
        ("POST", f"/collections/id/{number}/edit", None),
        ("POST", f"/collections/id/{number}/delete", None),
        ("POST", f"/collections/id/{number}/import", None),
        ("POST", f"/collections/id/{number}/items/2406.01234", None),
    ]
    for method, path, body in calls:
        assert_client_error(client.request(method, path, json=body, headers=headers), f"{method} {path}")


def test_a_reply_to_a_parent_past_64_bits_is_refused(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12))
    sign_in()
    response = client.post(
        f"/api/v1/papers/{arxiv_id}/comments",
        content=f'{{"body": "hi", "parent_id": {HUGE}}}',
        headers={**csrf_headers(client), "content-type": "application/json"},
    )
    assert_client_error(response, "parent_id")


def test_lone_surrogates_in_json_strings_are_refused_with_a_problem(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12))
    sign_in(role="admin")
    headers = {**csrf_headers(client), "content-type": "application/json"}
    comment = client.post(f"/api/v1/papers/{arxiv_id}/comments", json={"body": "fine"}, headers=headers).json()
    calls = [
        ("POST", f"/api/v1/papers/{arxiv_id}/comments", f'{{"body": {LONE_SURROGATE}}}'),
        ("PATCH", f"/api/v1/comments/{comment['id']}", f'{{"body": {LONE_SURROGATE}}}'),
        ("POST", f"/api/v1/comments/{comment['id']}/hide", f'{{"reason": {LONE_SURROGATE}}}'),
        ("PATCH", "/api/v1/subscription", f'{{"keywords": [{LONE_SURROGATE}]}}'),
        ("POST", "/api/v1/claims", f'{{"arxiv_id": "{arxiv_id}", "author_name": "x", "note": {LONE_SURROGATE}}}'),
        ("POST", "/api/v1/daily/2025-06-12/entries", f'{{"arxiv_id": "{arxiv_id}", "comment": {LONE_SURROGATE}}}'),
        ("POST", "/api/v1/similar", f'{{"text": {LONE_SURROGATE}}}'),
        ("POST", "/api/v1/collections", f'{{"title": {LONE_SURROGATE}}}'),
    ]
    for method, path, body in calls:
        response = client.request(method, path, content=body, headers=headers)
        assert response.status_code == 422, f"{method} {path}: {response.status_code} {response.text[:300]}"
        assert response.headers["content-type"] == "application/problem+json"
    listed = client.get(f"/api/v1/papers/{arxiv_id}/comments").json()
    assert [item["body"] for item in listed] == ["fine"]  # nothing half-written


def test_the_save_form_ignores_collection_ids_past_64_bits(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12))
    sign_in()
    fields: dict[str, object] = {**csrf_form(client), "collection": [HUGE, "-1", "1"]}
    response = client.post(f"/papers/{arxiv_id}/save", data=fields)
    assert response.status_code == 303
