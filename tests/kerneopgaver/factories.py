"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created


def create_kerneopgave(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    body = {"title": "Social Omsorg", "citizen_outcome": "At borgeren klarer sig bedre."}
    response = client.post("/api/v1/kerneopgaver", json=body, headers=auth(HEDENSTED, "hr_admin"))
    return {"kerneopgave_id": created(response)["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/kerneopgaver/{kerneopgave_id}": Resource(
        create_kerneopgave, update_body={"title": "Overtaget", "active": False}
    ),
}
