"""Imported titles and author names, members' names, comments and notes render inert on every page that shows them."""

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services.claims import claim_author
from tests.factories import NOW, csrf_form

TITLE = '<script>alert("title")</script> Attention'
AUTHOR = "<img src=x onerror=alert(1)>"
NAME = "<b onmouseover=alert(2)>Eve</b>"
COMMENT = "</textarea><script>alert(3)</script>"


def assert_inert(html: str, where: str) -> None:
    assert "<script>alert" not in html, where  # the site's own scripts load from /static
    assert "<img src=x" not in html and "<b onmouseover" not in html, where


def test_untrusted_text_is_escaped_on_the_pages_of_submissions_curation_authors_and_claims(
    client: TestClient,
    db: Database,
    sign_in: Callable[..., User],
    make_user: Callable[..., User],
    make_paper: Callable[..., str],
) -> None:
    day = NOW.date()
    arxiv_id = make_paper(title=TITLE, authors=(AUTHOR, "Ann O'Neil"), published_at=NOW - timedelta(days=1))
    eve = sign_in(username="eve", display_name=NAME)
    submitted = client.post("/papers/submit", data=csrf_form(client, arxiv_id=arxiv_id, comment=COMMENT))
    assert submitted.status_code == 303
    refused = client.post("/papers/submit", data=csrf_form(client, arxiv_id=arxiv_id, comment=COMMENT))
    assert refused.status_code == 409 and "&lt;/textarea&gt;&lt;script&gt;" in refused.text
    assert_inert(refused.text, "submit page")
    unreadable = client.post("/papers/submit", data=csrf_form(client, arxiv_id=TITLE))
    assert unreadable.status_code == 422
    assert_inert(unreadable.text, "submit page, unreadable id")
    claim_author(db, arxiv_id=arxiv_id, user=eve, position=0, note=COMMENT, now=NOW)

    client.cookies.clear()
    sign_in(role="admin")
    pages = {
        "day page": f"/papers/date/{day.isoformat()}",
        "paper page": f"/papers/{arxiv_id}",
        "author page": "/authors/img-src-x-onerror-alert-1",
        "admin claims": "/admin/claims",
        "profile": f"/users/{eve.username}",
    }
    for where, path in pages.items():
        page = client.get(path)
        assert page.status_code == 200, where
        assert_inert(page.text, where)
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; Attention" in client.get(pages["author page"]).text
    # Search cards build their highlighted title as markup in Python: escaped there, the match still marked.
    found = client.get("/papers", params={"q": "attention", "mode": "keyword"})
    assert_inert(found.text, "search page")
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; <mark>Attention</mark>" in found.text
    review = client.get(pages["admin claims"]).text
    assert "&lt;img src=x onerror=alert(1)&gt;" in review and "&lt;b onmouseover=alert(2)&gt;Eve&lt;/b&gt;" in review


def test_a_removal_reason_in_the_curation_log_is_escaped(
    client: TestClient, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    sign_in(role="curator")
    arxiv_id = make_paper(day=NOW.date(), title=TITLE)
    form = csrf_form(client, arxiv_id=arxiv_id, action="remove", reason=COMMENT)
    assert client.post(f"/papers/date/{NOW.date().isoformat()}/curate", data=form).status_code == 303
    assert_inert(client.get(f"/papers/date/{NOW.date().isoformat()}").text, "curation log")


def test_odd_input_to_every_new_form_and_endpoint_is_never_a_500(
    client: TestClient,
    sign_in: Callable[..., User],
    api_headers: Callable[..., dict[str, str]],
    make_paper: Callable[..., str],
) -> None:
    arxiv_id = make_paper(day=NOW.date(), authors=("Grace Hopper",))
    odd_values = ["", " ", "x" * 5000, "\u0000", "2406.01234\u0000", "ünïcödé ✓ 🙂", "'; DROP TABLE papers; --", "-1"]
    fields = ("arxiv_id", "comment", "position", "note", "reason", "action", "pin", "next")
    admin = sign_in(role="admin")
    day = f"/papers/date/{NOW.date().isoformat()}"
    for value in odd_values:
        for path in ("/papers/submit", f"{day}/entries", f"{day}/curate", "/claims"):
            response = client.post(path, data=csrf_form(client, **dict.fromkeys(fields, value)))
            assert response.status_code < 500, (path, value[:20], response.status_code)
    headers = api_headers(user=admin)
    api = "/api/v1/daily/2025-06-12/entries"
    for value in odd_values:
        body = dict.fromkeys(("arxiv_id", "comment", "author_name", "note"), value)
        for path in ("/api/v1/submissions", api, "/api/v1/claims"):
            assert client.post(path, json=body, headers=headers).status_code < 500, (path, value[:20])
        assert client.delete(f"{api}/{arxiv_id}", params={"reason": value}, headers=headers).status_code < 500
    for path in ("/authors/%00", "/authors/%C3%BC", "/api/v1/authors/%00", f"{api}/%00", "/users/%00?page=0"):
        assert client.get(path).status_code < 500, path
    for path in (f"{api}/%00", f"{api}/2406.01234%00"):
        assert client.patch(path, json={"pinned": True}, headers=headers).status_code < 500, path
    assert client.post("/claims/not-a-number/withdraw", data=csrf_form(client)).status_code == 422
