"""Curators on the day page (small POST forms) and through `/api/v1/daily/{date}/entries`; members are refused."""

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from tests.factories import csrf_form

DAY = date(2025, 6, 10)
DAY_URL = "/papers/date/2025-06-10"
Headers = Callable[..., dict[str, str]]


def curate(client: TestClient, arxiv_id: str, action: str, **fields: str) -> Any:
    return client.post(f"{DAY_URL}/curate", data=csrf_form(client, arxiv_id=arxiv_id, action=action, **fields))


def titles_in_order(page: str, *titles: str) -> bool:
    """The cards' titles come in this order (the curation log names papers too, above the cards)."""
    positions = [page.index(f">{title}</a></h3>") for title in titles]
    return positions == sorted(positions)


def test_members_and_visitors_see_no_curator_controls(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    make_paper(day=DAY)
    assert "entry-controls" not in client.get(DAY_URL).text
    sign_in()
    assert "entry-controls" not in client.get(DAY_URL).text


def test_a_curator_pins_moves_unpins_and_removes_from_the_day_page(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    sign_in(role="curator", username="cura")
    first = make_paper(day=DAY, upvotes=30, title="Paper Alpha")
    second = make_paper(day=DAY, upvotes=20, title="Paper Beta")
    make_paper(day=DAY, upvotes=10, title="Paper Gamma")
    page = client.get(DAY_URL)
    assert page.text.count('class="entry-controls"') == 3 and "Add a paper to this day" in page.text
    assert "entry-controls" not in client.get("/papers/week/2025-W24").text  # curation is per day

    for arxiv_id in (second, first):
        response = curate(client, arxiv_id, "pin")
        assert response.status_code == 303 and response.headers["location"] == DAY_URL
    assert titles_in_order(client.get(DAY_URL).text, "Paper Beta", "Paper Alpha", "Paper Gamma")
    assert curate(client, first, "move", position="1").status_code == 303
    assert titles_in_order(client.get(DAY_URL).text, "Paper Alpha", "Paper Beta", "Paper Gamma")
    assert curate(client, first, "unpin").status_code == 303
    assert titles_in_order(client.get(DAY_URL).text, "Paper Beta", "Paper Alpha", "Paper Gamma")

    assert curate(client, second, "remove", reason="Posted twice").status_code == 303
    page = client.get(DAY_URL)
    assert "Paper Beta</a></h3>" not in page.text
    assert "removed" in page.text and "“Posted twice”" in page.text  # in the curation log


def test_a_curator_adds_a_paper_to_a_past_day_and_a_refusal_shows_on_the_page(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    sign_in(role="admin")
    make_paper(day=DAY)
    arxiv_id = make_paper(title="An old classic")
    form = csrf_form(client, arxiv_id=arxiv_id, comment="Still relevant", pin="1")
    response = client.post(f"{DAY_URL}/entries", data=form)
    assert response.status_code == 303
    page = client.get(DAY_URL).text
    assert "An old classic" in page and "Still relevant" in page and 'title="Pinned by a curator"' in page
    again = client.post(f"{DAY_URL}/entries", data=csrf_form(client, arxiv_id=arxiv_id))
    assert again.status_code == 409 and "is already on the list of 10 June 2025" in again.text
    unreadable = client.post(f"{DAY_URL}/entries", data=csrf_form(client, arxiv_id="nope"))
    assert unreadable.status_code == 422 and 'value="nope"' in unreadable.text


def test_a_stale_control_says_the_paper_is_gone(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    sign_in(role="curator")
    arxiv_id = make_paper(day=DAY)
    assert curate(client, arxiv_id, "remove").status_code == 303
    page = curate(client, arxiv_id, "pin")
    assert page.status_code == 404 and "is not on the list of 10 June 2025" in page.text
    assert curate(client, arxiv_id, "explode").status_code == 422


def test_curator_routes_are_403_for_members(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str], api_headers: Headers
) -> None:
    arxiv_id = make_paper(day=DAY)
    member = sign_in()
    assert curate(client, arxiv_id, "remove").status_code == 403
    assert client.post(f"{DAY_URL}/entries", data=csrf_form(client, arxiv_id=arxiv_id)).status_code == 403
    headers = api_headers(user=member)
    base = "/api/v1/daily/2025-06-10"
    assert client.post(f"{base}/entries", json={"arxiv_id": arxiv_id}, headers=headers).status_code == 403
    assert client.patch(f"{base}/entries/{arxiv_id}", json={"pinned": True}, headers=headers).status_code == 403
    assert client.delete(f"{base}/entries/{arxiv_id}", headers=headers).status_code == 403
    assert client.get(f"{base}/log", headers=headers).status_code == 403
    assert [entry["arxiv_id"] for entry in client.get(f"{base}/entries").json()] == [arxiv_id]


def test_the_api_adds_pins_orders_and_removes_with_a_logged_reason(
    client: TestClient, api_headers: Headers, make_paper: Callable[..., str]
) -> None:
    headers = api_headers(role="curator", username="cura")
    base = "/api/v1/daily/2025-06-10"
    low, high = make_paper(day=DAY, upvotes=1), make_paper(day=DAY, upvotes=99)
    added = client.post(f"{base}/entries", json={"arxiv_id": make_paper(), "pinned": True}, headers=headers)
    assert added.status_code == 201 and (added.json()["pinned"], added.json()["position"]) == (True, 1)
    moved = client.patch(f"{base}/entries/{low}", json={"position": 1}, headers=headers)
    assert moved.status_code == 200 and moved.json()["position"] == 1
    order = [entry["arxiv_id"] for entry in client.get(f"{base}/entries").json()]
    assert order == [low, added.json()["arxiv_id"], high]
    removed = client.delete(f"{base}/entries/{low}", params={"reason": "Off topic"}, headers=headers)
    assert removed.status_code == 204
    log = client.get(f"{base}/log", headers=headers).json()
    assert [event["action"] for event in log] == ["add", "pin", "pin", "remove"]
    assert log[-1]["reason"] == "Off topic" and log[-1]["actor"]["username"] == "cura"
    gone = client.delete(f"{base}/entries/{low}", headers=headers)
    assert gone.status_code == 404 and gone.json()["type"] == "/problems/not-on-list"
    bad_day = client.get("/api/v1/daily/2025-13-01/entries")
    assert bad_day.status_code == 422 and bad_day.headers["content-type"] == "application/problem+json"


def test_the_openapi_schema_documents_curation(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    entry = paths["/api/v1/daily/{date}/entries/{arxiv_id}"]
    assert {"patch", "delete"} <= set(entry) and "post" in paths["/api/v1/daily/{date}/entries"]
