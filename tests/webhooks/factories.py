"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created


def create_endpoint(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    body = {"url": "https://intranet.example.dk/hooks", "event_types": ["enrolment.decided"]}
    response = client.post(
        "/api/v1/webhooks/endpoints", json=body, headers=auth(HEDENSTED, "hr_admin")
    )
    return {"endpoint_id": created(response)["id"]}


def create_delivery(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    endpoint_id = create_endpoint(client, auth)["endpoint_id"]
    response = client.post(
        f"/api/v1/webhooks/endpoints/{endpoint_id}/test", headers=auth(HEDENSTED, "hr_admin")
    )
    assert response.status_code == 202, response.text
    return {"endpoint_id": endpoint_id, "delivery_id": response.json()["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/webhooks/endpoints/{endpoint_id}": Resource(
        create_endpoint, update_body={"url": "https://other.example.dk/", "active": False}
    ),
    "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries": Resource(create_endpoint),
    "/api/v1/webhooks/endpoints/{endpoint_id}/rotate-secret": Resource(create_endpoint),
    "/api/v1/webhooks/endpoints/{endpoint_id}/test": Resource(create_endpoint),
    "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries/{delivery_id}/retry": Resource(
        create_delivery
    ),
}
