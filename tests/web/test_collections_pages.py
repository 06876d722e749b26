"""Collection pages: a member's list and the new-collection form, a collection with notes, moves and exports, BibTeX
import with its report, the Save control on cards, and privacy as 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from dailypapers.db.engine import Database
from dailypapers.domain.users import User
from dailypapers.services import collections as collections_service
from tests.factories import NOW, csrf_form

DAY = date(2025, 6, 12)


def test_a_member_makes_a_collection_from_their_collections_page(
    client: TestClient, sign_in: Callable[..., User]
) -> None:
    sign_in(username="ada")
    page = client.get("/collections/ada")
    assert page.status_code == 200 and "No collections yet" in page.text
    made = client.post("/collections", data=csrf_form(client, title="Reading group", description="Tuesdays"))
    assert made.status_code == 303 and made.headers["location"] == "/collections/ada/reading-group"
    shown = client.get("/collections/ada/reading-group")
    assert shown.status_code == 200 and "Reading group" in shown.text and "Tuesdays" in shown.text
    assert 'href="/collections/ada/reading-group/export.bib"' in shown.text
    refused = client.post("/collections", data=csrf_form(client, title="   ", description="kept"))
    assert refused.status_code == 422
    assert "Give the collection a title." in refused.text and ">kept</textarea>" in refused.text


def test_the_save_control_puts_a_card_in_collections_without_javascript(
    client: TestClient, db: Database, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada = sign_in(username="ada")
    arxiv_id = make_paper(day=DAY)
    daily = client.get(f"/papers/date/{DAY.isoformat()}")
    save_url = f"/papers/{arxiv_id}/save?next=/papers/date/{DAY.isoformat()}"
    assert f'href="{save_url}"' in daily.text
    paper_page = client.get(f"/papers/{arxiv_id}").text
    assert f'href="/papers/{arxiv_id}/save?next=/papers/{arxiv_id}"' in paper_page
    form = client.get(save_url)
    assert form.status_code == 200 and 'name="new_title"' in form.text
    saved = client.post(
        f"/papers/{arxiv_id}/save", data=csrf_form(client, new_title="To read", next=f"/papers/date/{DAY.isoformat()}")
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"/papers/date/{DAY.isoformat()}"
    (collection,) = collections_service.list_own_collections(db, user_id=ada.id)
    assert collection.title == "To read" and collection.item_count == 1
    ticked = client.get(f"/papers/{arxiv_id}/save")
    assert f'value="{collection.id}" checked' in ticked.text
    saved_link = f'class="chip save-link saved" href="{save_url}" data-paper="{arxiv_id}">Saved</a>'
    assert saved_link in client.get(f"/papers/date/{DAY.isoformat()}").text
    trending = client.get(f"/papers/trending?date={DAY.isoformat()}&window=1").text
    assert f'data-paper="{arxiv_id}">Saved</a>' in trending
    assert f'data-paper="{arxiv_id}">Saved</a>' in client.get("/collections/ada/to-read").text
    # Unticking every box takes the paper out.
    client.post(f"/papers/{arxiv_id}/save", data=csrf_form(client))
    assert collections_service.list_own_collections(db, user_id=ada.id)[0].item_count == 0
    assert f'class="chip save-link" href="{save_url}" data-paper="{arxiv_id}">Save</a>' in daily_page(client)
    too_long = client.post(f"/papers/{arxiv_id}/save", data=csrf_form(client, new_title="x" * 201))
    assert too_long.status_code == 422 and "under 200 characters" in too_long.text


def daily_page(client: TestClient) -> str:
    return client.get(f"/papers/date/{DAY.isoformat()}").text


def test_visitors_are_sent_to_sign_in_and_see_no_save_link(client: TestClient, make_paper: Callable[..., str]) -> None:
    arxiv_id = make_paper(day=DAY)
    assert "save-link" not in client.get(f"/papers/date/{DAY.isoformat()}").text
    answer = client.get(f"/papers/{arxiv_id}/save")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/signin")


def test_the_owner_writes_notes_reorders_and_removes(
    client: TestClient, db: Database, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada = sign_in(username="ada")
    made = collections_service.create_collection(db, user_id=ada.id, title="Order", now=NOW)
    first, second = make_paper(), make_paper()
    for arxiv_id in (first, second):
        collections_service.add_paper(db, collection_id=made.id, user_id=ada.id, arxiv_id=arxiv_id, now=NOW)
    item = f"/collections/id/{made.id}/items"
    noted = client.post(f"{item}/{second}", data=csrf_form(client, action="note", note="Read §3 first"))
    assert noted.status_code == 303 and noted.headers["location"] == f"/collections/ada/order#item-{second}"
    client.post(f"{item}/{second}", data=csrf_form(client, action="up"))
    page = client.get("/collections/ada/order").text
    assert page.index(f'id="item-{second}"') < page.index(f'id="item-{first}"') and "Read §3 first" in page
    too_long = client.post(f"{item}/{first}", data=csrf_form(client, action="note", note="n" * 2001))
    assert too_long.status_code == 422 and "under 2000 characters" in too_long.text
    client.post(f"{item}/{first}", data=csrf_form(client, action="remove"))
    assert f'id="item-{first}"' not in client.get("/collections/ada/order").text


def test_others_read_public_collections_without_controls_and_never_private_ones(
    client: TestClient, db: Database, make_user: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada = make_user(username="ada")
    public = collections_service.create_collection(db, user_id=ada.id, title="Open list", now=NOW)
    collections_service.create_collection(db, user_id=ada.id, title="Secret list", private=True, now=NOW)
    collections_service.add_paper(
        db, collection_id=public.id, user_id=ada.id, arxiv_id=make_paper(), note="A gem", now=NOW
    )
    page = client.get("/collections/ada/open-list")
    assert page.status_code == 200 and "A gem" in page.text and "Save note" not in page.text
    assert "Delete collection" not in page.text
    assert client.get("/collections/ada/secret-list").status_code == 404
    assert client.get("/collections/ada/secret-list/export.bib").status_code == 404
    listing = client.get("/collections/ada").text
    assert "Open list" in listing and "Secret list" not in listing
    profile = client.get("/users/ada").text
    assert "Open list" in profile and "Secret list" not in profile
    assert client.get("/collections/nobody").status_code == 404


def test_exports_download_in_each_format(
    client: TestClient, db: Database, make_user: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada = make_user(username="ada")
    made = collections_service.create_collection(db, user_id=ada.id, title="Export me", now=NOW)
    arxiv_id = make_paper()
    collections_service.add_paper(db, collection_id=made.id, user_id=ada.id, arxiv_id=arxiv_id, now=NOW)
    bib = client.get("/collections/ada/export-me/export.bib")
    assert bib.status_code == 200 and bib.headers["content-type"].startswith("application/x-bibtex")
    assert bib.headers["content-disposition"] == 'attachment; filename="ada-export-me.bib"'
    assert f"eprint={{{arxiv_id}}}" in bib.text
    ris = client.get("/collections/ada/export-me/export.ris")
    assert ris.headers["content-type"].startswith("application/x-research-info-systems") and "TY  - GEN" in ris.text
    csl = client.get("/collections/ada/export-me/export.json")
    assert csl.headers["content-type"].startswith("application/vnd.citationstyles.csl+json")
    assert csl.json()[0]["number"] == arxiv_id
    assert client.get("/collections/ada/export-me/export.pdf").status_code in (404, 422)


def test_a_bibtex_import_shows_its_report_and_refuses_empty_files(
    client: TestClient, db: Database, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada = sign_in(username="ada")
    made = collections_service.create_collection(db, user_id=ada.id, title="Library", now=NOW)
    arxiv_id = make_paper()
    text = f"@article{{x,\n  title={{Something}},\n  journal={{arXiv preprint arXiv:{arxiv_id}}}\n}}\n"
    text += "@misc{y title={z}}\n"
    answer = client.post(
        f"/collections/id/{made.id}/import", data=csrf_form(client), files={"file": ("lib.bib", text.encode())}
    )
    assert answer.status_code == 200
    assert "1 paper added" in answer.text and "line 5, y:" in answer.text and "by arXiv id" in answer.text
    empty = client.post(f"/collections/id/{made.id}/import", data=csrf_form(client), files={"file": ("e.bib", b"")})
    assert empty.status_code == 422 and "Choose a .bib file" in empty.text
    latin = client.post(
        f"/collections/id/{made.id}/import",
        data=csrf_form(client),
        files={"file": ("l.bib", "@article{k, title={Résumé}}".encode("latin-1"))},
    )
    assert latin.status_code == 422 and "not UTF-8" in latin.text


def test_a_bibtex_file_over_the_limit_is_refused_on_the_page_and_adds_nothing(
    client: TestClient, db: Database, sign_in: Callable[..., User], make_paper: Callable[..., str]
) -> None:
    ada = sign_in(username="ada")
    made = collections_service.create_collection(db, user_id=ada.id, title="Library", now=NOW)
    entry = f"@misc{{k,\n  eprint={{{make_paper()}}},\n  archivePrefix={{arXiv}}\n}}\n"
    five_megabytes = (entry * (5 * 1024 * 1024 // len(entry) + 1)).encode()
    answer = client.post(
        f"/collections/id/{made.id}/import", data=csrf_form(client), files={"file": ("big.bib", five_megabytes)}
    )
    assert answer.status_code == 422 and "over 2 MB" in answer.text and 'id="file"' in answer.text
    assert collections_service.get_contents(db, collection_id=made.id, viewer=ada).items == []


def test_another_members_collections_refuse_every_change_from_the_pages(
    client: TestClient,
    db: Database,
    make_user: Callable[..., User],
    sign_in: Callable[..., User],
    make_paper: Callable[..., str],
) -> None:
    ada = make_user(username="ada")
    arxiv_id = make_paper()
    secret = collections_service.create_collection(db, user_id=ada.id, title="Secret", private=True, now=NOW)
    public = collections_service.create_collection(db, user_id=ada.id, title="Open", now=NOW)
    gone = collections_service.create_collection(db, user_id=ada.id, title="Gone", now=NOW)
    collections_service.delete_collection(db, collection_id=gone.id, user_id=ada.id)
    for collection in (secret, public):
        collections_service.add_paper(db, collection_id=collection.id, user_id=ada.id, arxiv_id=arxiv_id, now=NOW)
    sign_in(username="grace")
    library = f"@misc{{k, eprint={{{make_paper()}}}, archivePrefix={{arXiv}}}}".encode()
    # Someone else's private collection and one that does not exist answer alike; a public one is readable, not
    # changeable.
    for collection_id, status in ((secret.id, 404), (gone.id, 404), (public.id, 403)):
        base = f"/collections/id/{collection_id}"
        answers = [
            client.post(f"{base}/import", data=csrf_form(client), files={"file": ("l.bib", library)}),
            client.post(f"{base}/edit", data=csrf_form(client, title="Mine now", private="true")),
            client.post(f"{base}/items/{arxiv_id}", data=csrf_form(client, action="note", note="mine")),
            client.post(f"{base}/items/{arxiv_id}", data=csrf_form(client, action="remove")),
            client.post(f"{base}/delete", data=csrf_form(client)),
        ]
        assert [answer.status_code for answer in answers] == [status] * 5, collection_id
        assert all(answer.headers["content-type"].startswith("text/html") for answer in answers)
    for collection, title in ((secret, "Secret"), (public, "Open")):
        kept = collections_service.get_contents(db, collection_id=collection.id, viewer=ada)
        assert kept.collection.title == title and [item.paper.arxiv_id for item in kept.items] == [arxiv_id]
        assert [item.note for item in kept.items] == [""]


def test_deleting_a_collection_returns_to_the_members_list(
    client: TestClient, db: Database, sign_in: Callable[..., User]
) -> None:
    ada = sign_in(username="ada")
    made = collections_service.create_collection(db, user_id=ada.id, title="Gone soon", now=NOW)
    edited = client.post(f"/collections/id/{made.id}/edit", data=csrf_form(client, title="Renamed", private="true"))
    assert edited.status_code == 303 and edited.headers["location"] == "/collections/ada/gone-soon"
    assert "Private" in client.get("/collections/ada/gone-soon").text
    deleted = client.post(f"/collections/id/{made.id}/delete", data=csrf_form(client))
    assert deleted.status_code == 303 and deleted.headers["location"] == "/collections/ada"
    assert client.get("/collections/ada/gone-soon").status_code == 404
