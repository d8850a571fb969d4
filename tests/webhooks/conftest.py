"""The webhook tests send to a receiver on 127.0.0.1 over plain http, which only
``PRAKSIS_WEBHOOKS_ALLOW_LOCAL_URLS`` allows; ``strict_client`` has the default rules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis.settings import Settings
from tests.conftest import Database, app_for, make_settings


@pytest.fixture
def settings(database: Database) -> Settings:
    return make_settings(database.url, webhooks_allow_local_urls=True, webhooks_timeout_seconds=2)


@pytest.fixture
def strict_client(
    database: Database, engine: Engine, municipalities: list[str]
) -> Iterator[TestClient]:
    """A client of an app with the default address rules: https to public addresses only."""
    with TestClient(
        app_for(make_settings(database.url), engine), raise_server_exceptions=False
    ) as client:
        yield client
