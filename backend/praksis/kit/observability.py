"""One ASGI middleware, outermost of all (around Starlette's error middleware too, so a 500
has its id and its line): each request gets an id, one log line and, when metrics are on, its
count and duration.

The id is the caller's ``X-Request-ID`` when it is a sane one (a load balancer's or a client's:
letters, digits, ``.``, ``_``, ``-``, ``:``; at most 64), else a new one; it is returned in the
response's ``X-Request-ID`` and carried into every line logged while the request is served
(``kit.logs``). The line names the route template, never the raw path: a path holds ids and,
for a calendar feed, the secret that is its credential.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from praksis.kit.logs import begin_request, route_template
from praksis.kit.metrics import Metrics

REQUEST_ID_HEADER = "X-Request-ID"
CLIENT_CLOSED_REQUEST = 499  # the client went away before an answer (nginx's code)
# probes and scrapes come every few seconds; their lines are for debugging only
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

log = logging.getLogger("praksis.requests")


def request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate: str = value.decode("latin-1")
            if _SANE_REQUEST_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


def install(app: FastAPI, metrics: Metrics | None) -> None:
    """Wrap the app's whole middleware stack (built at its first request) in the observer."""
    build = app.build_middleware_stack

    def build_observed() -> ASGIApp:
        return RequestObserver(build(), metrics)

    app.build_middleware_stack = build_observed  # type: ignore[method-assign]


class RequestObserver:
    def __init__(self, app: ASGIApp, metrics: Metrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_from(scope)
        begin_request(request_id)
        status = 500  # if the app fails before it answers
        answered = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status, answered = message["status"], True
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except asyncio.CancelledError:
            if not answered:
                status = CLIENT_CLOSED_REQUEST
            raise
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            method = scope["method"]
            if self.metrics is not None:
                self.metrics.observe(method, route, status, seconds)
            log.log(
                logging.DEBUG if route in QUIET_ROUTES else logging.INFO,
                "%s %s %s",
                method,
                route,
                status,
                extra={
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                },
            )
