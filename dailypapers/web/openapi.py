"""The OpenAPI document: FastAPI's, with every error answer described as what the site sends, a problem (RFC 9457)
in `application/problem+json`, rather than FastAPI's default 422 body, which the site never sends."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from dailypapers.web.problems import PROBLEM_CONTENT, PROBLEM_SCHEMA, problem_responses

# What FastAPI adds to every operation that takes parameters, and describes with schemas the site does not send.
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """Built once per app, on the first request for /openapi.json."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            openapi_version=app.openapi_version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
            servers=app.servers,
            separate_input_output_schemas=app.separate_input_output_schemas,
        )
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        for name in _FASTAPI_VALIDATION_SCHEMAS:
            schemas.pop(name, None)
        schemas["Problem"] = PROBLEM_SCHEMA
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                _describe_problems(operation)
        app.openapi_schema = schema
    return app.openapi_schema


def _describe_problems(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation["responses"]
    if "security" in operation:  # a route that needs a member answers 401 without one
        responses.setdefault("401", problem_responses(401)[401])
    if "requestBody" in operation:  # a body that is not even text, before any field is read
        responses.setdefault("400", problem_responses(400)[400])
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            if response.get("description") == "Validation Error":
                response["description"] = problem_responses(422)[422]["description"]
            response["content"] = PROBLEM_CONTENT
