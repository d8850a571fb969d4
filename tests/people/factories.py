"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created


def create_org_unit(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    body = {"name": "Fritid & Fællesskab", "kind": "forvaltning", "external_id": "FORV-FF"}
    response = client.post("/api/v1/org-units", json=body, headers=auth(HEDENSTED, "hr_admin"))
    return {"org_unit_id": created(response)["id"]}


def create_person(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    body = {"name": "Søren Ærø Åkjær", "email": "soren@hedensted.dk", "external_id": "HR-1"}
    response = client.post("/api/v1/people", json=body, headers=auth(HEDENSTED, "hr_admin"))
    return {"person_id": created(response)["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/org-units/{org_unit_id}": Resource(
        create_org_unit, update_body={"name": "Overtaget", "external_id": "X"}
    ),
    "/api/v1/people/{person_id}": Resource(
        create_person, update_body={"name": "Overtaget", "job_title": "Spion"}
    ),
}
