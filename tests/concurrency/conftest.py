"""Fixtures for tests of requests that arrive at once, against a real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from tests.live_server import LiveServer, live_server


@pytest.fixture
def server(app: FastAPI) -> Iterator[LiveServer]:
    """The test's app (its database, pool of 5) served over real HTTP."""
    with live_server(app) as running:
        yield running
