"""`/api/v1/collections`: create, read, change and delete; items with notes and positions; import; privacy as 404."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from dailypapers.domain.users import User

BIBTEX = Path(__file__).resolve().parent.parent / "fixtures" / "bibtex"


def test_a_member_builds_a_collection_through_the_api(
    client: TestClient, api_headers: Callable[..., dict[str, str]], make_paper: Callable[..., str]
) -> None:
    headers = api_headers(username="ada")
    made = client.post(
        "/api/v1/collections",
        json={"title": "Diffusion, read", "description": "Keepers", "private": False},
        headers=headers,
    )
    assert made.status_code == 201
    body = made.json()
    assert (body["slug"], body["owner"], body["url"]) == ("diffusion-read", "ada", "/collections/ada/diffusion-read")
    assert made.headers["location"] == f"/api/v1/collections/{body['id']}"
    items = f"/api/v1/collections/{body['id']}/items"
    first, second = make_paper(), make_paper()
    added = client.post(items, json={"arxiv_id": f"arXiv:{first}v2", "note": "start here"}, headers=headers)
    assert added.status_code == 201 and added.json()["arxiv_id"] == first and added.json()["note"] == "start here"
    assert client.post(items, json={"arxiv_id": f"https://arxiv.org/abs/{second}"}, headers=headers).status_code == 201
    moved = client.patch(f"{items}/{second}", json={"position": 1}, headers=headers)
    assert moved.status_code == 200 and moved.json()["position"] == 1
    read = client.get(f"/api/v1/collections/{body['id']}").json()
    assert [item["arxiv_id"] for item in read["items"]] == [second, first]
    assert read["items"][1]["note"] == "start here" and read["item_count"] == 2
    assert client.delete(f"{items}/{second}", headers=headers).status_code == 204
    assert client.delete(f"{items}/{second}", headers=headers).status_code == 204
    changed = client.patch(f"/api/v1/collections/{body['id']}", json={"title": "Renamed"}, headers=headers).json()
    assert (changed["title"], changed["slug"], changed["description"]) == ("Renamed", "diffusion-read", "Keepers")
    assert [c["title"] for c in client.get("/api/v1/collections", headers=headers).json()] == ["Renamed"]
    assert client.delete(f"/api/v1/collections/{body['id']}", headers=headers).status_code == 204
    for unknown in (
        client.get(f"/api/v1/collections/{body['id']}"),
        client.post(f"{items}", json={"arxiv_id": first}, headers=headers),
        client.post(
            f"/api/v1/collections/{body['id']}/import", files={"file": ("l.bib", b"@misc{k,}")}, headers=headers
        ),
    ):
        assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"


def test_private_collections_are_404_to_others_and_public_ones_read_only(
    client: TestClient,
    api_headers: Callable[..., dict[str, str]],
    make_user: Callable[..., User],
    make_paper: Callable[..., str],
) -> None:
    ada = make_user(username="ada")
    owner, other = api_headers(user=ada), api_headers()
    secret = client.post("/api/v1/collections", json={"title": "Secret", "private": True}, headers=owner).json()
    public = client.post("/api/v1/collections", json={"title": "Open"}, headers=owner).json()
    assert client.get(f"/api/v1/collections/{secret['id']}", headers=owner).status_code == 200
    for headers in (other, {}):
        missing = client.get(f"/api/v1/collections/{secret['id']}", headers=headers)
        assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
        assert client.get(f"/api/v1/collections/{public['id']}", headers=headers).status_code == 200
        listed = client.get("/api/v1/collections", params={"username": "ada"}, headers=headers).json()
        assert [c["title"] for c in listed] == ["Open"]
    assert len(client.get("/api/v1/collections", params={"username": "ada"}, headers=owner).json()) == 2
    arxiv_id = make_paper()
    add = {"arxiv_id": arxiv_id}
    assert client.post(f"/api/v1/collections/{secret['id']}/items", json=add, headers=other).status_code == 404
    assert client.post(f"/api/v1/collections/{public['id']}/items", json=add, headers=other).status_code == 403
    assert client.patch(f"/api/v1/collections/{public['id']}", json={"title": "x"}, headers=other).status_code == 403
    assert client.delete(f"/api/v1/collections/{secret['id']}", headers=other).status_code == 404
    library = {"file": ("l.bib", f"@misc{{k, eprint={{{arxiv_id}}}, archivePrefix={{arXiv}}}}".encode())}
    imported = client.post(f"/api/v1/collections/{secret['id']}/import", files=library, headers=other)
    assert imported.status_code == 404 and imported.headers["content-type"] == "application/problem+json"
    assert client.post(f"/api/v1/collections/{public['id']}/import", files=library, headers=other).status_code == 403
    assert client.get(f"/api/v1/collections/{secret['id']}", headers=owner).json()["item_count"] == 0
    assert client.get(f"/api/v1/collections/{public['id']}", headers=owner).json()["item_count"] == 0
    assert client.get("/api/v1/collections").status_code == 401
    assert client.get("/api/v1/collections", params={"username": "nobody"}).status_code == 404


def test_bad_input_is_a_problem_naming_the_field(
    client: TestClient, api_headers: Callable[..., dict[str, str]]
) -> None:
    headers = api_headers()
    empty = client.post("/api/v1/collections", json={"title": "  "}, headers=headers)
    assert empty.status_code == 422 and empty.json()["errors"] == {"title": "Give the collection a title."}
    made = client.post("/api/v1/collections", json={"title": "Fine"}, headers=headers).json()
    items = f"/api/v1/collections/{made['id']}/items"
    assert client.post(items, json={"arxiv_id": "not an id"}, headers=headers).status_code == 404
    unknown = client.post(items, json={"arxiv_id": "2401.99999"}, headers=headers)
    assert unknown.status_code == 404 and "indexed" in unknown.json()["detail"]
    assert client.patch(f"{items}/2401.99999", json={"position": 0}, headers=headers).status_code == 422
    assert client.get("/api/v1/collections/0").status_code == 422
    assert client.get(f"/api/v1/collections/{2**63}").status_code == 422
    assert client.post("/api/v1/collections", content="{", headers=headers).status_code == 422


def test_an_import_answers_with_its_report(
    client: TestClient, api_headers: Callable[..., dict[str, str]], make_paper: Callable[..., str]
) -> None:
    headers = api_headers()
    made = client.post("/api/v1/collections", json={"title": "Library"}, headers=headers).json()
    arxiv_id = make_paper()
    text = f"@misc{{good,\n  title={{A paper}},\n  eprint={{{arxiv_id}}},\n  archivePrefix={{arXiv}}\n}}\n\n"
    text += "@misc{bad title={x}}\n"
    answer = client.post(
        f"/api/v1/collections/{made['id']}/import", files={"file": ("library.bib", text.encode())}, headers=headers
    )
    assert answer.status_code == 200
    report = answer.json()
    assert report["added_count"] == 1 and [m["arxiv_id"] for m in report["matched"]] == [arxiv_id]
    assert [(p["line"], p["key"]) for p in report["malformed"]] == [(7, "bad")]
    huge = (BIBTEX / "google_scholar.bib").read_bytes() * 20_000
    refused = client.post(
        f"/api/v1/collections/{made['id']}/import", files={"file": ("big.bib", huge)}, headers=headers
    )
    assert refused.status_code == 422 and "over 2 MB" in refused.json()["errors"]["file"]
    assert client.get(f"/api/v1/collections/{made['id']}").json()["item_count"] == 1


def test_imports_are_rate_limited_per_member(
    client: TestClient, api_headers: Callable[..., dict[str, str]], make_paper: Callable[..., str]
) -> None:
    headers = api_headers()
    made = client.post("/api/v1/collections", json={"title": "Library"}, headers=headers).json()
    text = f"@misc{{k, eprint={{{make_paper()}}}, archivePrefix={{arXiv}}}}".encode()
    path = f"/api/v1/collections/{made['id']}/import"
    for _ in range(20):
        assert client.post(path, files={"file": ("l.bib", text)}, headers=headers).status_code == 200
    limited = client.post(path, files={"file": ("l.bib", text)}, headers=headers)
    assert limited.status_code == 429 and limited.headers["retry-after"]
