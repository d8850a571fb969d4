"""Arrange helpers for the people domain's tests: build the organisation through the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory

UNITS = "/api/v1/org-units"
PEOPLE = "/api/v1/people"
IMPORT = "/api/v1/people/import"
BULK = "/api/v1/people/bulk"
PROBLEM = "application/problem+json"


def hr(auth: HeaderFactory, tenant: str = HEDENSTED) -> dict[str, str]:
    return auth(tenant, "hr_admin")


def make_unit(
    client: TestClient,
    auth: HeaderFactory,
    name: str,
    kind: str,
    parent: dict[str, Any] | None = None,
    tenant: str = HEDENSTED,
    **extra: Any,
) -> dict[str, Any]:
    body = {"name": name, "kind": kind, **extra}
    if parent is not None:
        body["parent_id"] = parent["id"]
    response = client.post(UNITS, json=body, headers=hr(auth, tenant))
    assert response.status_code == 201, response.text
    unit: dict[str, Any] = response.json()
    return unit


def make_person(
    client: TestClient,
    auth: HeaderFactory,
    name: str,
    unit: dict[str, Any] | None = None,
    tenant: str = HEDENSTED,
    **extra: Any,
) -> dict[str, Any]:
    body = {"name": name, **extra}
    if unit is not None:
        body["org_unit_id"] = unit["id"]
    response = client.post(PEOPLE, json=body, headers=hr(auth, tenant))
    assert response.status_code == 201, response.text
    person: dict[str, Any] = response.json()
    return person


def me(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    """The caller's person (provisioned on their first request)."""
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200, response.text
    person: dict[str, Any] = response.json()["person"]
    return person


def all_items(client: TestClient, url: str, headers: dict[str, str], **params: Any) -> list[Any]:
    response = client.get(url, params={"limit": 200, **params}, headers=headers)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status and problem["detail"]
    return problem
