"""One token cannot load the server with costly requests: imports and statistics are limited
per caller; past the limit, 429 with Retry-After before the route does any work (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from praksis.app import create_app
from tests.conftest import HEDENSTED, HORSENS, Database, HeaderFactory, make_settings

API = "/api/v1"
LIMIT = 3
CSV = "external_id;name;email\nMA-1;Anne Holm;anne@example.dk\n"


@pytest.fixture
def limited(database: Database, engine: Engine, municipalities: list[str]) -> Iterator[TestClient]:
    settings = make_settings(
        database.url,
        import_request_limit=f"{LIMIT}/minute",
        statistics_request_limit=f"{LIMIT}/minute",
    )
    with TestClient(create_app(settings, engine)) as client:
        yield client


def assert_too_many(response: object) -> None:
    assert response.status_code == 429, response.text  # type: ignore[attr-defined]
    assert response.json()["type"] == "urn:praksis:problem:too-many-requests"  # type: ignore[attr-defined]
    assert 1 <= int(response.headers["retry-after"]) <= 60  # type: ignore[attr-defined]


def test_statistics_past_the_limit_answer_429_per_caller(
    limited: TestClient, auth: HeaderFactory
) -> None:
    hr = auth(HEDENSTED, "hr_admin", sub="hr-1")
    for _ in range(LIMIT):
        assert limited.get(f"{API}/statistics/municipality", headers=hr).status_code == 200
    assert_too_many(limited.get(f"{API}/statistics/municipality", headers=hr))
    # other callers, in the same or another municipality, have their own allowance
    colleague = auth(HEDENSTED, "hr_admin", sub="hr-2")
    assert limited.get(f"{API}/statistics/municipality", headers=colleague).status_code == 200
    horsens = auth(HORSENS, "hr_admin", sub="horsens-hr")
    assert limited.get(f"{API}/statistics/municipality", headers=horsens).status_code == 200
    # and the limited caller's cheap requests still answer
    assert limited.get(f"{API}/me", headers=hr).status_code == 200


def test_a_partners_statistics_are_limited_too(limited: TestClient, auth: HeaderFactory) -> None:
    kl = auth(None, "partner", partner="kl", sub="kl-statistik")
    for _ in range(LIMIT):
        assert limited.get(f"{API}/statistics/partner", headers=kl).status_code == 200
    assert_too_many(limited.get(f"{API}/statistics/partner", headers=kl))


def test_imports_past_the_limit_answer_429_and_write_nothing(
    limited: TestClient, auth: HeaderFactory
) -> None:
    hr = auth(HEDENSTED, "hr_admin", sub="hr-1")
    csv = {**hr, "Content-Type": "text/csv"}
    for _ in range(LIMIT):
        response = limited.post(f"{API}/people/import?dry_run=true", content=CSV, headers=csv)
        assert response.status_code == 200, response.text
    assert_too_many(limited.post(f"{API}/people/import", content=CSV, headers=csv))
    bulk = {"people": [{"external_id": "MA-2", "name": "Bo Holm"}]}
    assert_too_many(limited.post(f"{API}/people/bulk", json=bulk, headers=hr))
    found = limited.get(f"{API}/people", params={"q": "Holm"}, headers=hr).json()
    assert found["items"] == []


def test_a_limit_that_cannot_be_read_is_refused_at_startup(database: Database) -> None:
    with pytest.raises(ValueError, match="statistics_request_limit"):
        make_settings(database.url, statistics_request_limit="many")
