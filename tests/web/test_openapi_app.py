"""The OpenAPI document says what the site answers: the Hugging Face-compatible shapes field by field, and every
error as the problem (RFC 9457) it is."""

from typing import Any

from fastapi.testclient import TestClient


def _schema(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def _item_schema(schema: dict[str, Any], path: str) -> dict[str, Any]:
    answer = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    reference = answer.get("items", answer)["$ref"]
    return schema["components"]["schemas"][reference.rsplit("/", 1)[1]]


def test_the_hugging_face_shapes_are_documented_field_by_field(client: TestClient) -> None:
    schema = _schema(client)
    daily = _item_schema(schema, "/api/daily_papers")
    assert {"paper", "publishedAt", "numComments", "submittedBy", "isAuthorParticipating"} <= set(daily["required"])
    assert "trendingScore" in daily["properties"] and "trendingScore" not in daily["required"]
    for path in ("/api/papers", "/api/papers/{arxiv_id}"):
        paper = _item_schema(schema, path)
        assert {"id", "title", "summary", "authors", "publishedAt", "upvotes", "githubRepo", "githubStars"} <= set(
            paper["required"]
        )
    search = _item_schema(schema, "/api/papers/search")
    assert {"highlightedTitle", "highlightedSummary", "score"} <= set(search["required"])
    markdown = schema["paths"]["/papers/{arxiv_id}.md"]["get"]["responses"]
    assert "text/markdown" in markdown["200"]["content"] and "404" in markdown


def test_every_error_answer_is_documented_as_a_problem(client: TestClient) -> None:
    schema = _schema(client)
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            errors = {status: answer for status, answer in operation["responses"].items() if status >= "400"}
            for status, answer in errors.items():
                assert set(answer["content"]) == {"application/problem+json"}, (method, path, status)
            if "security" in operation:
                assert "401" in errors, (method, path)


def test_the_html_pages_stay_out_of_the_api_document(client: TestClient) -> None:
    paths = set(_schema(client)["paths"])
    assert not {"/", "/papers", "/papers/trending", "/papers/{arxiv_id}", "/papers/date/{key}"} & paths


def test_a_method_not_allowed_names_every_method_the_path_answers(client: TestClient) -> None:
    # GET and POST /api/v1/claims are two routes; the Allow header names both, not the first one found.
    response = client.request("OPTIONS", "/api/v1/claims")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.headers["content-type"] == "application/problem+json"


def test_found_by_schemathesis_the_answers_it_met_undocumented_are_declared(client: TestClient) -> None:
    paths = _schema(client)["paths"]
    # A body that is not UTF-8 text cannot be read as JSON at all: a 400 problem on every operation taking one.
    for path, item in paths.items():
        for method, operation in item.items():
            if "requestBody" in operation:
                assert "400" in operation["responses"], (method, path)
    unreadable = client.post(
        "/api/v1/similar", content=b'{"text": "\xe9"}', headers={"content-type": "application/json"}
    )
    assert unreadable.status_code == 400 and unreadable.headers["content-type"] == "application/problem+json"
    for path, method in (
        ("/api/v1/comments/{comment_id}", "get"),
        ("/api/v1/papers/{arxiv_id}/comments", "get"),
        ("/api/v1/papers/{arxiv_id}/similar", "get"),
        ("/api/v1/papers/{arxiv_id}/vote", "put"),
        ("/api/v1/users/{username}", "get"),
        ("/api/v1/subscription", "get"),
    ):
        assert "404" in paths[path][method]["responses"], (method, path)
    assert "403" in paths["/api/v1/comments/{comment_id}/hide"]["post"]["responses"]
