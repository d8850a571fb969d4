"""How to create one object of every resource that has an item route, for generated tests.

Every API route with a path parameter must have an entry here: the cross-tenant matrix
fails for a route that is missing, so a new resource cannot ship without being covered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory

Factory = Callable[[TestClient, HeaderFactory], dict[str, str]]


@dataclass(frozen=True)
class Resource:
    create: Factory
    update_body: dict[str, Any] = field(default_factory=dict)


def _created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def create_kerneopgave(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    body = {"title": "Social Omsorg", "citizen_outcome": "At borgeren klarer sig bedre."}
    created = _created(
        client.post("/api/v1/kerneopgaver", json=body, headers=auth(HEDENSTED, "hr_admin"))
    )
    return {"kerneopgave_id": created["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/kerneopgaver/{kerneopgave_id}": Resource(
        create_kerneopgave, update_body={"title": "Overtaget", "active": False}
    ),
}
