"""Capture what Praksis logs, as ``praksis serve`` writes it (its handler, JSON, redacted)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from praksis.kit.logs import configure_logging


class CapturedLogs:
    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def lines(self) -> list[str]:
        return [line for line in self.stream.getvalue().splitlines() if line]

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines()]

    def requests(self) -> list[dict[str, Any]]:
        return [record for record in self.records() if record["logger"] == "praksis.requests"]


@contextmanager
def captured_logs(level: str = "DEBUG") -> Iterator[CapturedLogs]:
    root = logging.getLogger()
    level_before = root.level
    stream = io.StringIO()
    handler = configure_logging(level, "json", stream)
    try:
        yield CapturedLogs(stream)
    finally:
        root.removeHandler(handler)
        root.setLevel(level_before)
        access = logging.getLogger("uvicorn.access")
        access.disabled, access.propagate = False, True
