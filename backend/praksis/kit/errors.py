"""Domain exceptions and their RFC 9457 ``application/problem+json`` rendering.

Services raise ``PraksisError`` subclasses; one set of handlers turns them, and every error
FastAPI or Starlette produces itself (unknown route, 405, validation), into problem details.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

import orjson
import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from praksis.kit.logs import route_template

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:praksis:problem:"


class PraksisError(Exception):
    """Base of every error a service may raise; carries its HTTP status."""

    status: int = 500
    slug: str = "internal-error"
    title: str = "Internal server error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = list(errors) if errors is not None else None
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


class Unauthorized(PraksisError):
    status, slug, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str | None = None, *, token_sent: bool = True) -> None:
        # RFC 6750 §3.1: no error code when the request carried no token at all.
        challenge = 'Bearer error="invalid_token"' if token_sent else 'Bearer realm="praksis"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class Forbidden(PraksisError):
    status, slug, title = 403, "forbidden", "Not allowed"


class NotFound(PraksisError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(PraksisError):
    status, slug, title = 409, "conflict", "Conflict"


class PreconditionFailed(PraksisError):
    """An ``If-Match`` that no longer matches: someone changed the resource in between."""

    status, slug, title = 412, "precondition-failed", "Precondition failed"


class PayloadTooLarge(PraksisError):
    status, slug, title = 413, "payload-too-large", "Request body too large"


class TooManyRequests(PraksisError):
    status, slug, title = 429, "too-many-requests", "Too many requests"

    def __init__(self, detail: str, *, retry_after_seconds: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_seconds)})


class InvalidInput(PraksisError):
    status, slug, title = 422, "invalid-input", "Invalid input"


class CrossTenantWrite(PraksisError):
    """A write that would place a row in another municipality; a bug, never user input."""

    status, slug, title = 500, "internal-error", "Internal server error"


def problem_body(
    status: int,
    title: str,
    detail: str,
    slug: str,
    instance: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_PREFIX + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = list(errors)
    if extra:
        body.update(extra)
    return body


def problem_response(
    status: int,
    title: str,
    detail: str,
    slug: str,
    *,
    instance: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    body = problem_body(status, title, detail, slug, instance, errors, extra)
    return Response(
        content=orjson.dumps(body),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def _slug_for_status(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", "")
    except ValueError:
        return "error"


async def _praksis_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PraksisError)
    return problem_response(
        exc.status,
        exc.title,
        exc.detail,
        exc.slug,
        instance=request.url.path,
        errors=exc.errors,
        headers=exc.headers,
        extra=exc.extra,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    if status == 400:
        # FastAPI answers an unreadable body (not UTF-8, broken multipart) with 400; to an
        # integrator that is invalid input like any other, so it gets the same 422.
        return problem_response(
            422,
            InvalidInput.title,
            "The request body could not be read; send UTF-8 JSON.",
            InvalidInput.slug,
            instance=request.url.path,
            errors=[{"location": "body", "message": str(exc.detail)}],
        )
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    if status == 404 and detail == phrase:
        detail = f"No resource at {request.url.path}."
    if status == 405 and detail == phrase:
        detail = f"{request.method} is not allowed on {request.url.path}."
    headers = dict(exc.headers or {})
    if status == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem_response(
        status, phrase, detail, _slug_for_status(status), instance=request.url.path, headers=headers
    )


def allowed_methods(request: Request) -> list[str]:
    """The documented methods of the path, for a 405's ``Allow`` header.

    Starlette lists only the first route that matched the path; the OpenAPI document knows
    every operation on it.
    """
    patterns: list[tuple[re.Pattern[str], list[str]]] | None = getattr(
        request.app.state, "allow_patterns", None
    )
    if patterns is None:
        patterns = [
            (
                re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$"),
                sorted(method.upper() for method in operations),
            )
            for path, operations in request.app.openapi().get("paths", {}).items()
        ]
        request.app.state.allow_patterns = patterns
    path = request.url.path
    return next((methods for pattern, methods in patterns if pattern.match(path)), [])


def _location(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"location": _location(error.get("loc", ())), "message": error.get("msg", "invalid")}
        for error in exc.errors()
    ]
    summary = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:5])
    return problem_response(
        422,
        InvalidInput.title,
        summary or "The request is not valid.",
        InvalidInput.slug,
        instance=request.url.path,
        errors=errors,
    )


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    route = route_template(request.scope)
    logger.exception(
        "unhandled error on %s %s",
        request.method,
        route,
        exc_info=exc,
        extra={"method": request.method, "route": route},
    )
    return problem_response(
        500,
        PraksisError.title,
        "Something went wrong on our side; nothing was changed.",
        PraksisError.slug,
        instance=request.url.path,
    )


# SQLSTATE classes of trouble that pass: a lock or statement timeout, a serialisation
# failure or deadlock (the transaction was rolled back), too many connections, shutdown.
TRANSIENT_SQLSTATE_PREFIXES = ("40", "53", "55P03", "57", "08")


def is_database_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database cannot serve now (rather than that the request or
    the code is wrong): the client may retry the same request."""
    if isinstance(exc, (sa_exc.TimeoutError, psycopg.OperationalError, psycopg.InterfaceError)):
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated or isinstance(
            exc, (sa_exc.OperationalError, sa_exc.InterfaceError)
        ):
            return True
        return is_database_unavailable(exc.orig) if exc.orig is not None else False
    sqlstate = getattr(exc, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(TRANSIENT_SQLSTATE_PREFIXES)


async def _database_error(request: Request, exc: Exception) -> Response:
    """Database trouble answers 503 with ``Retry-After``, as a response (the client keeps its
    connection); the transaction was rolled back, so nothing was written."""
    if not is_database_unavailable(exc):
        return await _unexpected_error(request, exc)
    route = route_template(request.scope)
    logger.warning(
        "database unavailable on %s %s: %s",
        request.method,
        route,
        type(exc).__name__,
        extra={"method": request.method, "route": route},
    )
    return problem_response(
        503,
        "Service unavailable",
        "The database cannot serve the request right now. Try again in a moment (a POST with "
        "the same Idempotency-Key is never applied twice).",
        "database-unavailable",
        instance=request.url.path,
        headers={"Retry-After": "1"},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _unexpected_error)
    app.add_exception_handler(sa_exc.DBAPIError, _database_error)
    app.add_exception_handler(sa_exc.TimeoutError, _database_error)
    app.add_exception_handler(psycopg.Error, _database_error)
    app.add_exception_handler(PraksisError, _praksis_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
