"""Guessing tokens is capped per client address: past the limit, 429 with Retry-After, before
any token is verified (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis.app import create_app
from tests.conftest import Database, HeaderFactory, make_settings
from tests.kit.test_auth import bearer, dev_claims, sign_dev

ME = "/api/v1/me"
LIMIT = 3


@pytest.fixture
def limited(database: Database, engine: Engine, municipalities: list[str]) -> Iterator[TestClient]:
    settings = make_settings(database.url, failed_sign_in_limit=f"{LIMIT}/minute")
    with TestClient(create_app(settings, engine)) as client:
        yield client


def test_failed_sign_ins_past_the_limit_answer_429_with_retry_after(
    limited: TestClient, auth: HeaderFactory
) -> None:
    forged = bearer(sign_dev(dev_claims(), secret="not-the-secret-" * 3))
    for _ in range(LIMIT):
        assert limited.get(ME, headers=forged).status_code == 401
    refused = limited.get(ME, headers=forged)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:praksis:problem:too-many-requests"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    # the address is held back whatever it sends next, a valid token included
    assert limited.get(ME, headers=auth()).status_code == 429


def test_valid_sign_ins_do_not_count(limited: TestClient, auth: HeaderFactory) -> None:
    for _ in range(LIMIT * 3):
        assert limited.get(ME, headers=auth()).status_code == 200


def test_a_limit_that_cannot_be_read_is_refused_at_startup(database: Database) -> None:
    with pytest.raises(ValueError, match="failed_sign_in_limit"):
        make_settings(database.url, failed_sign_in_limit="thirty a minute")
