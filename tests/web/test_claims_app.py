"""Author pages and links, the "This is me" claim on a paper page, the admins' review, the badge and the API."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from dailypapers.settings import Settings
from tests.factories import csrf_form

AUTHORS = ("Grace Hopper", "Zoë Müller", "Alan Turing")
Headers = Callable[..., dict[str, str]]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None, data_dir=tmp_path / "var", database_url="sqlite://", arxiv_lookups=False, page_size=2
    )  # type: ignore[call-arg]


def claim(client: TestClient, arxiv_id: str, position: str, note: str = "") -> Any:
    return client.post("/claims", data=csrf_form(client, arxiv_id=arxiv_id, position=position, note=note))


def test_authors_link_to_their_pages_from_cards_and_paper_pages(
    client: TestClient, make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(day=date(2025, 6, 12), authors=AUTHORS)
    link = '<a href="/authors/zoe-muller">Zoë Müller</a>'
    assert link in client.get("/papers/date/2025-06-12").text
    assert link in client.get(f"/papers/{arxiv_id}").text


def test_an_author_page_lists_papers_newest_first_in_pages(client: TestClient, make_paper: Callable[..., str]) -> None:
    for year, title in ((2023, "Oldest work"), (2025, "Newest work"), (2024, "Middle work")):
        make_paper(authors=("Zoe Muller",), title=title, published_at=datetime(year, 1, 1, tzinfo=UTC))
    first = client.get("/authors/zoe-muller")
    assert first.status_code == 200 and "3 papers indexed here" in first.text
    assert first.text.index("Newest work") < first.text.index("Middle work") and "Oldest work" not in first.text
    second = client.get("/authors/zoe-muller?page=2")
    assert "Oldest work" in second.text and 'href="/authors/zoe-muller"' in second.text
    assert client.get("/authors/nobody-here", headers={"accept": "text/html"}).status_code == 404


def test_a_name_in_another_script_has_a_working_page(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(authors=("王小明",))
    page = client.get(f"/papers/{arxiv_id}").text
    assert 'href="/authors/%E7%8E%8B%E5%B0%8F%E6%98%8E"' in page
    assert "王小明" in client.get("/authors/%E7%8E%8B%E5%B0%8F%E6%98%8E").text


def test_visitors_are_asked_to_sign_in_to_claim(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(authors=AUTHORS)
    page = client.get(f"/papers/{arxiv_id}").text
    assert "to claim your name" in page and "This is me" not in page


def test_the_claim_flow_from_this_is_me_to_the_verified_badge(
    client: TestClient, sign_in: Callable[..., User], make_user: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(authors=AUTHORS, title="Compilers for all")
    sign_in(username="ada", display_name="Ada L.")
    assert "This is me" in client.get(f"/papers/{arxiv_id}").text
    response = claim(client, arxiv_id, "1", note="orcid.org/0000")
    assert response.status_code == 303 and response.headers["location"] == f"/papers/{arxiv_id}#authorship"
    page = client.get(f"/papers/{arxiv_id}").text
    assert "You claimed to be <strong>Zoë Müller</strong>" in page and "waiting for an admin" in page
    assert "Zoë Müller" in client.get("/users/ada").text  # the member sees their pending claim
    assert claim(client, arxiv_id, "2").status_code == 409

    client.cookies.clear()
    sign_in(user=make_user(username="eve"))
    assert claim(client, arxiv_id, "1").status_code == 303  # a rival claim to the same author
    assert "Your author claims" not in client.get("/users/ada").text  # not shown to others

    client.cookies.clear()
    sign_in(role="admin", username="root1")
    review = client.get("/admin/claims")
    assert review.status_code == 200 and "Compilers for all" in review.text and "orcid.org/0000" in review.text
    assert "Also claimed: @eve (pending)" in review.text
    approve_url = review.text.split('action="/admin/claims/')[1].split('"')[0]
    approved = client.post(f"/admin/claims/{approve_url}", data=csrf_form(client))
    assert approved.status_code == 303 and approved.headers["location"] == "/admin/claims?status=pending"
    assert "No pending claims." in client.get("/admin/claims").text  # eve's was rejected with the approval

    page = client.get(f"/papers/{arxiv_id}").text
    assert '<a class="verified" href="/users/ada" title="Verified author: Ada L.">✓ Ada L.</a>' in page
    profile = client.get("/users/ada").text
    assert "Compilers for all" in profile and "1 verified" in profile
    author = client.get("/authors/zoe-muller").text
    assert 'href="/users/ada"' in author and "Verified on this site" in author
    api = client.get(f"/api/papers/{arxiv_id}").json()
    assert api["authors"][1] == {
        "name": "Zoë Müller",
        "status": "claimed_verified",
        "user": {"name": "ada", "fullname": "Ada L.", "type": "user", "user": "ada"},
    }

    approved_tab = client.get("/admin/claims?status=approved").text
    revoke_url = approved_tab.split('action="/admin/claims/')[1].split('"')[0]
    assert revoke_url.endswith("/reject") and ">Revoke</button>" in approved_tab
    revoked = client.post(f"/admin/claims/{revoke_url}", data=csrf_form(client, tab="approved"))
    assert revoked.headers["location"] == "/admin/claims?status=approved"
    assert 'class="verified"' not in client.get(f"/papers/{arxiv_id}").text


def test_the_admin_pages_are_for_admins(
    client: TestClient, sign_in: Callable[..., User], make_user: Callable[..., User]
) -> None:
    assert client.get("/admin/claims").status_code == 303  # to sign in
    sign_in(role="curator")
    assert client.get("/admin/claims", headers={"accept": "text/html"}).status_code == 403
    assert client.post("/admin/claims/1/approve", data=csrf_form(client)).status_code == 403
    assert 'href="/admin/claims"' not in client.get("/papers/submit").text
    client.cookies.clear()
    sign_in(user=make_user(role="admin"))
    assert 'href="/admin/claims"' in client.get("/papers/submit").text


def test_a_member_withdraws_a_pending_claim(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(authors=AUTHORS)
    sign_in(username="ada")
    claim(client, arxiv_id, "0")
    withdraw = client.get(f"/papers/{arxiv_id}").text.split('action="/claims/')[1].split('"')[0]
    response = client.post(f"/claims/{withdraw}", data=csrf_form(client))
    assert response.status_code == 303 and response.headers["location"] == f"/papers/{arxiv_id}#authorship"
    assert "You claimed" not in client.get(f"/papers/{arxiv_id}").text


def test_the_claims_api_files_lists_decides_and_conflicts(
    client: TestClient, api_headers: Headers, make_user: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    arxiv_id = make_paper(authors=AUTHORS)
    ada, eve = make_user(username="ada"), make_user(username="eve")
    as_ada, as_eve, as_admin = api_headers(user=ada), api_headers(user=eve), api_headers(role="admin")
    filed = client.post("/api/v1/claims", json={"arxiv_id": arxiv_id, "author_name": "alan turing"}, headers=as_ada)
    assert filed.status_code == 201 and filed.json()["author_position"] == 2 and filed.json()["status"] == "pending"
    rival = client.post("/api/v1/claims", json={"arxiv_id": arxiv_id, "author_position": 2}, headers=as_eve)
    assert rival.status_code == 201
    assert [c["id"] for c in client.get("/api/v1/me/claims", headers=as_ada).json()] == [filed.json()["id"]]
    assert client.get("/api/v1/claims", headers=as_ada).status_code == 403
    pending = client.get("/api/v1/claims", headers=as_admin).json()
    assert pending["total"] == 2
    decided = client.patch(f"/api/v1/claims/{filed.json()['id']}", json={"status": "approved"}, headers=as_admin)
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    conflict = client.patch(f"/api/v1/claims/{rival.json()['id']}", json={"status": "approved"}, headers=as_admin)
    assert conflict.status_code == 409 and conflict.json()["type"] == "/problems/author-verified"
    as_bob = api_headers(username="bob")
    unknown = client.post("/api/v1/claims", json={"arxiv_id": arxiv_id, "author_name": "Nobody"}, headers=as_bob)
    assert unknown.status_code == 422 and unknown.json()["type"] == "/problems/unknown-author"
    assert client.delete(f"/api/v1/claims/{rival.json()['id']}", headers=as_eve).status_code == 409
    assert client.delete(f"/api/v1/claims/{filed.json()['id']}", headers=as_ada).status_code == 204


def test_the_authors_api_answers_with_papers(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(authors=AUTHORS)
    body = client.get("/api/v1/authors/grace-hopper").json()
    assert (body["name"], body["total"], body["papers"][0]["id"]) == ("Grace Hopper", 1, arxiv_id)
    missing = client.get("/api/v1/authors/nobody-here")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
