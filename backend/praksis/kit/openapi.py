"""The published OpenAPI document: bearer auth and problem+json errors on every API route."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from praksis.kit.errors import PROBLEM_MEDIA_TYPE

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["location", "message"],
                "properties": {"location": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
ERROR_RESPONSES = {
    "401": "Missing, expired or otherwise invalid bearer token.",
    "403": "Your role may not do this in your municipality.",
    "404": "Not found in your municipality.",
    "409": "Conflicts with the current state.",
    "413": "Request body too large.",
    "422": "Invalid input.",
    "429": "Too many requests, e.g. failed sign-ins from your address; nothing was done. "
    "Retry after the Retry-After header's seconds.",
    "503": "The server or its database is saturated or unavailable; nothing was done. Retry "
    "after the Retry-After header's seconds.",
}
RETRY_AFTER_HEADER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "minimum": 0},
    }
}
ETAG_HEADER_COMPONENT = {
    "description": "The representation's strong entity tag: send it as If-Match to change "
    "the resource only if nobody changed it since, or as If-None-Match to revalidate.",
    "schema": {"type": "string"},
}
ETAG_HEADER = {"ETag": {"$ref": "#/components/headers/ETag"}}
CONDITIONAL_RESPONSES = {
    "If-Match": {
        "412": "The resource changed since the ETag in If-Match was read; nothing was changed."
    },
    "If-None-Match": {"304": "The resource still has the ETag in If-None-Match; no body."},
}
MUTATING = {"post", "patch", "put", "delete"}
FASTAPI_VALIDATION_ERROR = "Validation Error"  # what FastAPI says of every route's 422


def install_openapi(app: FastAPI, api_prefix: str) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            _add_security_and_problems(document, api_prefix)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]


def _add_security_and_problems(document: dict[str, Any], api_prefix: str) -> None:
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    components["headers"] = {"ETag": ETAG_HEADER_COMPONENT}
    components["securitySchemes"] = {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if not path.startswith(api_prefix):
                continue
            public = operation.get("security") == []  # a secret URL, no bearer token
            if not public:
                operation["security"] = [{"bearerAuth": []}]
            for status, description in ERROR_RESPONSES.items():
                if status in {"409", "413"} and method not in MUTATING:
                    continue
                if public and status in {"401", "403"}:
                    continue
                # a route that documents what one of these means for it keeps its words
                declared = responses.get(status, {}).get("description")
                if declared in (None, FASTAPI_VALIDATION_ERROR):
                    declared = description
                responses[status] = {"description": declared, "content": problem}
                if status in {"429", "503"}:
                    responses[status]["headers"] = RETRY_AFTER_HEADER
            _add_conditional_responses(operation, problem)
            if method == "post":
                operation.setdefault("parameters", []).append(
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "description": "Retry-safe POST: the same key and body return the "
                        "first response and create nothing new.",
                        "schema": {"type": "string", "pattern": "^[!-~]{1,255}$"},
                    }
                )


def _add_conditional_responses(operation: dict[str, Any], problem: dict[str, Any]) -> None:
    """An operation taking If-Match or If-None-Match (``kit.etag``) returns an ETag and
    answers 412 or 304."""
    headers = {
        parameter["name"]
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "header"
    }
    conditional = headers & CONDITIONAL_RESPONSES.keys()
    if not conditional:
        return
    responses = operation["responses"]
    responses["200"].setdefault("headers", {}).update(ETAG_HEADER)
    for header in conditional:
        for status, description in CONDITIONAL_RESPONSES[header].items():
            response: dict[str, Any] = {"description": description}
            if status == "412":
                response["content"] = problem
            else:
                response["headers"] = ETAG_HEADER
            responses[status] = response
