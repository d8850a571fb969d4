"""Logs an operator can read and keep: one JSON object a line, no personal data in them.

Every line carries the request it belongs to (``request_id``, and ``municipality_id`` once the
token named one) through a context variable that ``kit.observability`` opens per request and
worker threads inherit. What reaches a line is redacted in the formatter, the one place every
line passes: bearer tokens, JWTs, e-mail addresses and calendar feed secrets (a feed's secret
is its URL) never leave the process, whichever logger (ours, uvicorn's, a library's) wrote
them. Lines name the route template (``/api/v1/people/{person_id}``), never the raw path.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO, Any, Literal

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.orjson import OrjsonFormatter

LogFormat = Literal["json", "text"]
UNMATCHED_ROUTE = "<unmatched>"
NOT_FIELDS = ("color_message", "taskName")  # uvicorn's message with terminal colours; asyncio's

# (a literal every match holds, lower case; what to match; what to put instead): a plain
# substring search for the literal spares most lines the patterns
REDACTIONS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("bearer", re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer [redacted]"),
    (
        "eyj",
        re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?"),
        "[redacted-jwt]",
    ),
    ("@", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[redacted-email]"),
    # a feed token is <municipality>.<secret>: in a path, or alone
    ("/calendar/", re.compile(r"/calendar/[^/\s\"'?#{}]+\.ics"), "/calendar/[redacted].ics"),
    (".", re.compile(r"(?<=[a-z]{2}-[0-9]{4})\.[A-Za-z0-9_-]{43}"), ".[redacted-feed]"),
)


def redact(text: str) -> str:
    """``text`` with every token, e-mail address and calendar secret replaced."""
    lowered = text.lower()
    for literal, pattern, replacement in REDACTIONS:
        if literal in lowered:
            text = pattern.sub(replacement, text)
    return text


@dataclass
class RequestLog:
    """What every line logged while serving one request says about it."""

    request_id: str
    municipality_id: str | None = None


_current: ContextVar[RequestLog | None] = ContextVar("praksis_request_log", default=None)


def begin_request(request_id: str) -> RequestLog:
    """Open the request's log context in the running task (threads it starts inherit it)."""
    entry = RequestLog(request_id)
    _current.set(entry)
    return entry


def note_municipality(municipality_id: str) -> None:
    """The request acts in this municipality (its id, never a person's)."""
    entry = _current.get()
    if entry is not None:
        entry.municipality_id = municipality_id


class RequestFields(logging.Filter):
    """Adds the current request's id and municipality to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        entry = _current.get()
        if entry is not None:
            record.request_id = entry.request_id
            if entry.municipality_id is not None:
                record.municipality_id = entry.municipality_id
        return True


class RedactedJsonFormatter(OrjsonFormatter):
    """One JSON object a line: time, level, logger, message and the record's extra fields."""

    def __init__(self) -> None:
        super().__init__(
            ["levelname", "name", "message"],
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
            reserved_attrs=[*RESERVED_ATTRS, *NOT_FIELDS],
        )

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class RedactedTextFormatter(logging.Formatter):
    """Plain lines for development, with the same fields and the same redaction."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s%(fields)s")

    def format(self, record: logging.LogRecord) -> str:
        extra = {
            key: value
            for key, value in record.__dict__.items()
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_")
        }
        record.fields = "".join(f" {key}={value}" for key, value in extra.items())
        return redact(super().format(record))


_STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys()
    | {"message", "asctime", "fields", *NOT_FIELDS}
)


class _PraksisHandler(logging.StreamHandler[IO[str]]):
    """The handler ``configure_logging`` installs (and replaces on a second call)."""


def configure_logging(
    level: str, log_format: LogFormat, stream: IO[str] | None = None
) -> logging.Handler:
    """Send every logger's records through one redacting handler at ``level``.

    uvicorn's access log is switched off: it prints raw URLs (a calendar feed's secret) and
    no request id; ``kit.observability`` writes the request lines instead."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _PraksisHandler)]:
        root.removeHandler(handler)
    handler = _PraksisHandler(stream or sys.stderr)
    handler.addFilter(RequestFields())
    handler.setFormatter(
        RedactedJsonFormatter() if log_format == "json" else RedactedTextFormatter()
    )
    root.addHandler(handler)
    root.setLevel(level)
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    access.disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    _enable_praksis_loggers()
    return handler


def _enable_praksis_loggers() -> None:
    """A ``logging.config.dictConfig`` run before (a library's) disables every logger that
    existed then, ours included; the lines of a request must not go missing for that."""
    for name, logger in logging.Logger.manager.loggerDict.items():
        if isinstance(logger, logging.Logger) and name.split(".")[0] in ("praksis", "uvicorn"):
            logger.disabled = name == "uvicorn.access"


def route_template(scope: Mapping[str, Any]) -> str:
    """The path pattern of the route that took the request (``UNMATCHED_ROUTE`` if none):
    what a log line or a metric names instead of the raw path."""
    # FastAPI keeps an included router's routes unprefixed; the route as the app matched it
    # (prefixes included) is the request's effective route (tests/kit/test_request_logs.py)
    fastapi_scope = scope.get("fastapi")
    effective = (
        fastapi_scope.get("effective_route_context") if isinstance(fastapi_scope, dict) else None
    )
    route = scope.get("route")
    for candidate in (effective, route):
        path = getattr(candidate, "path_format", None) or getattr(candidate, "path", None)
        if isinstance(path, str):
            return path
    return UNMATCHED_ROUTE
