"""Follows, saved searches and "not interested" from the pages (forms, no JavaScript) and the API."""

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services.container import Services
from dailypapers.settings import Settings
from dailypapers.web.app import create_app
from tests.factories import csrf_form, csrf_headers

DAY = date(2025, 6, 12)


def test_follow_and_unfollow_an_author_from_their_page(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    make_paper(authors=("Ada Lovelace", "Charles Babbage"))
    sign_in()
    page = client.get("/authors/ada-lovelace")
    assert 'name="action" value="follow"' in page.text and 'name="target" value="Ada Lovelace"' in page.text
    form = csrf_form(client, kind="author", target="Ada Lovelace", action="follow", next="/authors/ada-lovelace")
    for _ in range(2):
        response = client.post("/follows", data=form)
        assert response.status_code == 303 and response.headers["location"] == "/authors/ada-lovelace"
    page = client.get("/authors/ada-lovelace")
    assert 'name="action" value="unfollow"' in page.text and "Following ✓" in page.text
    following = client.get("/following")
    assert following.status_code == 200 and 'href="/authors/ada-lovelace">Ada Lovelace</a>' in following.text
    assert client.get("/api/v1/me/follows").json()[0] | {"created_at": None} == {
        "kind": "author",
        "target": "ada-lovelace",
        "label": "Ada Lovelace",
        "created_at": None,
    }
    client.post("/follows", data=csrf_form(client, kind="author", target="ada-lovelace", action="unfollow"))
    assert client.get("/api/v1/me/follows").json() == []


def test_a_category_page_lists_its_papers_and_follows_from_the_paper_page(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    in_category = make_paper(categories=("cs.CL", "cs.LG"), primary_category="cs.CL")
    elsewhere = make_paper(categories=("q-bio.NC",), primary_category="q-bio.NC")
    page = client.get("/categories/cs.CL")
    assert page.status_code == 200 and f'href="/papers/{in_category}"' in page.text
    assert f'href="/papers/{elsewhere}"' not in page.text and "Sign in to follow" in page.text
    assert 'type="application/atom+xml"' in page.text and "/feeds/category.atom?category=cs.CL" in page.text
    assert client.get("/categories/not a category").status_code == 404
    assert client.get("/categories/math.AG").status_code == 200  # a category with nothing yet is an empty page
    sign_in()
    paper = client.get(f"/papers/{in_category}")
    assert 'href="/categories/cs.CL"' in paper.text and 'name="target" value="cs.CL"' in paper.text
    client.post("/follows", data=csrf_form(client, kind="category", target="cs.CL", next=f"/papers/{in_category}"))
    assert "Following ✓" in client.get("/categories/cs.CL").text


def test_bad_follows_get_clear_answers_and_change_nothing(client: TestClient, sign_in: Callable[..., User]) -> None:
    assert client.post("/api/v1/me/follows", json={"kind": "category", "target": "cs.CL"}).status_code == 401
    sign_in()
    headers = csrf_headers(client)
    bad = client.post("/api/v1/me/follows", json={"kind": "category", "target": "no such!"}, headers=headers)
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    unknown = client.post("/api/v1/me/follows", json={"kind": "member", "target": "nobody"}, headers=headers)
    assert unknown.status_code == 404
    assert client.post("/api/v1/me/follows", json={"kind": "planet", "target": "x"}, headers=headers).status_code == 422
    page = client.post("/follows", data=csrf_form(client, kind="category", target="<b>"))
    assert page.status_code == 422 and "not an arXiv category" in page.text
    assert client.get("/api/v1/me/follows").json() == []


def test_the_api_follows_and_unfollows_idempotently(client: TestClient, sign_in: Callable[..., User]) -> None:
    sign_in()
    headers = csrf_headers(client)
    for _ in range(2):
        listed = client.post("/api/v1/me/follows", json={"kind": "author", "target": "Zoë Ångström"}, headers=headers)
        assert listed.status_code == 200 and [row["target"] for row in listed.json()] == ["zoe-angstrom"]
    for _ in range(2):
        assert client.delete("/api/v1/me/follows/author/Zoe Angstrom", headers=headers).status_code == 204
    assert client.get("/api/v1/me/follows").json() == []


def test_save_this_search_keeps_mode_and_filters_and_reruns_exactly(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    make_paper(title="Sparse attention for long documents", categories=("cs.CL",))
    sign_in()
    params = {"q": "attention", "mode": "keyword", "sort": "newest", "category": "cs.CL", "from": "", "to": ""}
    results = client.get("/papers", params=params)
    assert "Save this search" in results.text and "/feeds/search.atom?q=attention" in results.text
    form = csrf_form(client, **params)
    saved = client.post("/saved-searches", data=form)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/papers?q=attention&mode=keyword&sort=newest&category=cs.CL&saved=1"
    assert "Search saved" in client.get(saved.headers["location"]).text
    listed = client.get("/api/v1/me/saved-searches").json()
    assert [(row["q"], row["params"]) for row in listed] == [
        ("attention", {"mode": "keyword", "sort": "newest", "category": "cs.CL"})
    ]
    rerun = client.get(f"/saved-searches/{listed[0]['id']}")
    assert rerun.headers["location"] == "/papers?q=attention&mode=keyword&sort=newest&category=cs.CL"
    following = client.get("/following")
    assert "attention" in following.text and f'action="/saved-searches/{listed[0]["id"]}/delete"' in following.text
    client.post(f"/saved-searches/{listed[0]['id']}/delete", data=csrf_form(client))
    assert client.get("/api/v1/me/saved-searches").json() == []


def test_someone_elses_saved_search_is_a_404_everywhere(
    client: TestClient, sign_in: Callable[..., User], api_headers: Callable[..., dict[str, str]]
) -> None:
    owner_headers = api_headers()
    created = client.post("/api/v1/me/saved-searches", json={"q": "graphs"}, headers=owner_headers)
    assert created.status_code == 201
    saved_id = created.json()["id"]
    sign_in()
    headers = csrf_headers(client)
    assert client.get(f"/api/v1/me/saved-searches/{saved_id}").status_code == 404
    assert client.delete(f"/api/v1/me/saved-searches/{saved_id}", headers=headers).status_code == 404
    assert client.get(f"/saved-searches/{saved_id}").status_code == 404
    assert client.post(f"/saved-searches/{saved_id}/delete", data=csrf_form(client)).status_code == 404
    assert client.get("/api/v1/me/saved-searches/99999999").status_code == 404
    assert client.get(f"/api/v1/me/saved-searches/{saved_id}", headers=owner_headers).json()["q"] == "graphs"
    empty = client.post("/api/v1/me/saved-searches", json={"q": "   "}, headers=headers)
    assert empty.status_code == 422 and empty.headers["content-type"] == "application/problem+json"


def test_not_interested_from_the_card_keeps_the_paper_on_the_daily_list_with_an_undo(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper(day=DAY)
    assert "Not interested" not in client.get("/papers/date/2025-06-12").text  # visitors have nothing to turn away
    sign_in()
    page = client.get("/papers/date/2025-06-12")
    assert f'action="/papers/{arxiv_id}/dismiss"' in page.text
    form = csrf_form(client, action="dismiss", next="/papers/date/2025-06-12")
    response = client.post(f"/papers/{arxiv_id}/dismiss", data=form)
    assert response.headers["location"] == f"/papers/date/2025-06-12#paper-{arxiv_id}"
    page = client.get("/papers/date/2025-06-12")
    assert f'href="/papers/{arxiv_id}"' in page.text and "Not interested ✓ · Undo" in page.text
    assert client.get("/api/v1/me/dismissals").json() == [arxiv_id]
    client.post(f"/papers/{arxiv_id}/dismiss", data=csrf_form(client, action="undo"))
    assert client.get("/api/v1/me/dismissals").json() == []


def test_the_dismissals_api_is_idempotent_and_refuses_unknown_papers(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    assert client.put(f"/api/v1/me/dismissals/{arxiv_id}").status_code == 401
    sign_in()
    headers = csrf_headers(client)
    for _ in range(2):
        response = client.put(f"/api/v1/me/dismissals/{arxiv_id}v2", headers=headers)
        assert response.json() == {"arxiv_id": arxiv_id, "dismissed": True}
    assert client.delete(f"/api/v1/me/dismissals/{arxiv_id}", headers=headers).json()["dismissed"] is False
    for path in ("/api/v1/me/dismissals/2401.99999", "/api/v1/me/dismissals/not-an-id"):
        missing = client.put(path, headers=headers)
        assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_follow_a_verified_author_from_their_profile_and_a_category_from_the_search_filters(
    client: TestClient,
    make_paper: Callable[..., str],
    make_user: Callable[..., User],
    sign_in: Callable[..., User],
    api_headers: Callable[..., dict[str, str]],
) -> None:
    arxiv_id = make_paper(authors=("Ada Lovelace", "Alan Turing"), categories=("cs.CL",), title="Attention sinks")
    ada = make_user(username="ada")
    filed = client.post(
        "/api/v1/claims", json={"arxiv_id": arxiv_id, "author_name": "Ada Lovelace"}, headers=api_headers(user=ada)
    )
    client.patch(f"/api/v1/claims/{filed.json()['id']}", json={"status": "approved"}, headers=api_headers(role="admin"))
    sign_in()
    assert 'name="kind" value="member"' in client.get("/users/ada").text
    client.post("/follows", data=csrf_form(client, kind="member", target="ada", next="/users/ada"))
    assert "Following ✓" in client.get("/users/ada").text
    results = client.get("/papers", params={"q": "attention", "mode": "keyword", "category": "cs.CL"}).text
    assert 'name="kind" value="category"' in results and 'name="target" value="cs.CL"' in results
    assert 'name="kind" value="category"' not in client.get("/papers", params={"q": "attention"}).text
    assert [(row["kind"], row["target"]) for row in client.get("/api/v1/me/follows").json()] == [("member", "ada")]


def test_personal_changes_are_rate_limited_per_member(
    db: Database, settings: Settings, make_user: Callable[..., User], api_headers: Callable[..., dict[str, str]]
) -> None:
    limited = settings.model_copy(update={"rate_limit_personal": "2/hour"})
    app = create_app(limited, services=Services(limited, db=db))
    headers = api_headers(user=make_user())
    with TestClient(app) as limited_client:
        for category in ("cs.CL", "cs.LG"):
            body = {"kind": "category", "target": category}
            assert limited_client.post("/api/v1/me/follows", json=body, headers=headers).status_code == 200
        refused = limited_client.post(
            "/api/v1/me/follows", json={"kind": "category", "target": "cs.CV"}, headers=headers
        )
        assert refused.status_code == 429 and refused.json()["type"] == "/problems/rate-limited"
        assert "retry-after" in refused.headers
        assert [row["target"] for row in limited_client.get("/api/v1/me/follows", headers=headers).json()] == [
            "cs.CL",
            "cs.LG",
        ]
