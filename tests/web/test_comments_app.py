"""Comments from the paper page's forms and from the API: threads, edits, deletes, hiding, limits."""

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from dailypapers.domain.users import User
from dailypapers.settings import Settings
from tests.factories import csrf_form, csrf_headers


def post(client: TestClient, arxiv_id: str, body: str, **fields: str) -> int:
    response = client.post(f"/papers/{arxiv_id}/comments", data=csrf_form(client, body=body, **fields))
    assert response.status_code == 303, response.text
    return int(re.search(r"#comment-(\d+)$", response.headers["location"]).group(1))  # type: ignore[union-attr]


def test_a_comment_and_a_reply_appear_threaded_on_the_paper_page(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper(comments=3)
    user = sign_in(display_name="Ada L.")
    first = post(client, arxiv_id, "Is the **code** out?")
    reply = post(client, arxiv_id, "Yes.", parent_id=str(first))
    page = client.get(f"/papers/{arxiv_id}").text
    assert '<h2>Comments <span class="muted">5</span></h2>' in page and "3 of them were written on Hugging Face" in page
    assert f'<a href="https://huggingface.co/papers/{arxiv_id}" rel="noopener">read them on huggingface.co</a>' in page
    assert "<p>Is the <strong>code</strong> out?</p>" in page and f'href="/users/{user.username}">Ada L.</a>' in page
    assert re.search(
        rf'id="comment-{first}".*<ol class="thread replies">\s*<li class="comment visible" id="comment-{reply}"',
        page,
        re.S,
    )


def test_an_empty_comment_shows_the_page_again_with_the_message(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    sign_in()
    page = client.post(f"/papers/{arxiv_id}/comments", data=csrf_form(client, body="  \x00 "))
    assert page.status_code == 422 and "the comment is empty" in page.text and 'id="new-comment"' in page.text


def test_editing_and_deleting_leave_a_placeholder_while_replies_remain(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    sign_in()
    parent = post(client, arxiv_id, "first draft")
    post(client, arxiv_id, "a reply", parent_id=str(parent))
    edited = client.post(f"/comments/{parent}/edit", data=csrf_form(client, body="second draft"))
    assert edited.status_code == 303 and "second draft" in client.get(f"/papers/{arxiv_id}").text
    assert client.post(f"/comments/{parent}/delete", data=csrf_form(client)).status_code == 303
    page = client.get(f"/papers/{arxiv_id}").text
    assert "second draft" not in page and "[deleted]" in page and "a reply" in page


def test_another_members_comment_cannot_be_edited_or_deleted(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    sign_in()
    comment = post(client, arxiv_id, "mine")
    client.cookies.clear()
    sign_in(user=make_user(role="curator"))
    assert client.post(f"/comments/{comment}/edit", data=csrf_form(client, body="theirs")).status_code == 403
    assert client.post(f"/comments/{comment}/delete", data=csrf_form(client)).status_code == 403
    assert (
        client.patch(f"/api/v1/comments/{comment}", json={"body": "x"}, headers=csrf_headers(client)).status_code == 403
    )
    assert client.delete(f"/api/v1/comments/{comment}", headers=csrf_headers(client)).status_code == 403
    assert "mine" in client.get(f"/papers/{arxiv_id}").text


def test_curators_hide_a_comment_with_a_reason_members_cannot(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User], make_user: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    sign_in()
    comment = post(client, arxiv_id, "Buy cheap watches")
    assert client.post(f"/comments/{comment}/hide", data=csrf_form(client, reason="spam")).status_code == 403
    client.cookies.clear()
    sign_in(user=make_user(role="curator"))
    assert client.post(f"/comments/{comment}/hide", data=csrf_form(client, reason="")).status_code == 422
    assert client.post(f"/comments/{comment}/hide", data=csrf_form(client, reason="advertising")).status_code == 303
    page = client.get(f"/papers/{arxiv_id}").text
    assert "hidden by a curator: advertising" in page and "cheap watches" not in page
    assert client.get(f"/api/papers/{arxiv_id}").json()["numComments"] == 0


def test_the_api_lists_posts_edits_hides_and_deletes(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper(comments=2)
    sign_in(role="curator")
    headers = csrf_headers(client)
    created = client.post(f"/api/v1/papers/{arxiv_id}/comments", json={"body": "*hi*"}, headers=headers)
    assert created.status_code == 201 and created.json()["body_html"] == "<p><em>hi</em></p>\n"
    comment_id = created.json()["id"]
    assert created.headers["location"] == f"/api/v1/comments/{comment_id}"
    reply = client.post(
        f"/api/v1/papers/{arxiv_id}/comments", json={"body": "re", "parent_id": comment_id}, headers=headers
    ).json()
    assert reply["parent_id"] == comment_id
    patched = client.patch(f"/api/v1/comments/{comment_id}", json={"body": "hello"}, headers=headers).json()
    assert patched["body"] == "hello" and patched["edited_at"] is not None
    assert client.get(f"/api/papers/{arxiv_id}").json()["numComments"] == 4
    hidden = client.post(f"/api/v1/comments/{reply['id']}/hide", json={"reason": "off topic"}, headers=headers).json()
    assert hidden["state"] == "hidden" and hidden["body"] == "" and hidden["hidden_reason"] == "off topic"
    assert client.delete(f"/api/v1/comments/{comment_id}", headers=headers).status_code == 204
    listed = client.get(f"/api/v1/papers/{arxiv_id}/comments").json()
    assert [(item["id"], item["state"]) for item in listed] == [(comment_id, "deleted"), (reply["id"], "hidden")]
    assert listed[0]["author"] is None and client.get(f"/api/papers/{arxiv_id}").json()["numComments"] == 2


def test_bad_api_input_is_a_422_problem(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id, other = make_paper(), make_paper()
    sign_in()
    headers = csrf_headers(client)
    elsewhere = client.post(f"/api/v1/papers/{other}/comments", json={"body": "x"}, headers=headers).json()["id"]
    for body in ({"body": ""}, {"body": "x" * 10_001}, {}, {"body": "x", "parent_id": elsewhere}, {"body": 5}):
        response = client.post(f"/api/v1/papers/{arxiv_id}/comments", json=body, headers=headers)
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json", body
    assert client.post("/api/v1/papers/2401.99999/comments", json={"body": "x"}, headers=headers).status_code == 404
    assert client.patch("/api/v1/comments/999999", json={"body": "x"}, headers=headers).status_code == 404


def test_commenting_is_rate_limited_per_member_on_pages_and_the_api(
    client: TestClient, settings: Settings, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    settings.rate_limit_comment = "2/hour"
    arxiv_id = make_paper()
    sign_in()
    post(client, arxiv_id, "one")
    post(client, arxiv_id, "two")
    page = client.post(f"/papers/{arxiv_id}/comments", data=csrf_form(client, body="three"))
    assert page.status_code == 429 and "try again in" in page.text and ">three</textarea>" in page.text
    response = client.post(f"/api/v1/papers/{arxiv_id}/comments", json={"body": "four"}, headers=csrf_headers(client))
    assert response.status_code == 429 and response.headers["retry-after"] == "3600"
    assert client.get(f"/api/papers/{arxiv_id}").json()["numComments"] == 2


def test_a_comment_shows_its_time_to_the_minute_and_asks_before_it_is_deleted(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    sign_in()
    comment = post(client, arxiv_id, "Bare links work: https://example.org/code")
    page = client.get(f"/papers/{arxiv_id}").text
    assert '<time datetime="2025-06-12T09:00:00+00:00">12 Jun 2025, 09:00 UTC</time>' in page  # the clock's now
    assert '<a href="https://example.org/code" rel="nofollow ugc noopener">' in page
    assert re.search(rf'action="/comments/{comment}/delete" data-confirm="Delete this comment\?', page)


def test_commenters_and_members_have_an_avatar_drawn_from_their_name(
    client: TestClient, make_paper: Callable[..., str], sign_in: Callable[..., User]
) -> None:
    arxiv_id = make_paper()
    user = sign_in(display_name="Ada Lovelace")
    post(client, arxiv_id, "Hello")
    comment = client.get(f"/papers/{arxiv_id}").text
    profile = client.get(f"/users/{user.username}").text
    for page in (comment, profile):
        assert re.search(r'<svg class="avatar [a-z]+" [^>]*aria-hidden="true">.*?>AL</text></svg>', page)
