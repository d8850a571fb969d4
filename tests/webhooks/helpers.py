"""Registering endpoints and running the delivery sweep as a worker would."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient

from praksis.webhooks.delivery import DeliveryReport, deliver_due
from tests.conftest import HEDENSTED, HeaderFactory

ENDPOINTS = "/api/v1/webhooks/endpoints"
EVERY_EVENT = [
    "enrolment.decided",
    "enrolment.completed",
    "programme.status_changed",
    "credential.issued",
    "credential.revoked",
]


def register(
    client: TestClient,
    auth: HeaderFactory,
    url: str,
    *,
    tenant: str = HEDENSTED,
    event_types: Sequence[str] = EVERY_EVENT,
    **fields: Any,
) -> dict[str, Any]:
    body = {"url": url, "event_types": list(event_types), **fields}
    response = client.post(ENDPOINTS, json=body, headers=auth(tenant, "hr_admin"))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def deliver(client: TestClient, now: datetime | None = None) -> DeliveryReport:
    """One sweep of every municipality, as ``praksis webhooks deliver`` runs it."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    return deliver_due(runtime.engine, runtime.settings, now=now)


def deliveries(
    client: TestClient, auth: HeaderFactory, endpoint_id: str, tenant: str = HEDENSTED
) -> list[dict[str, Any]]:
    response = client.get(f"{ENDPOINTS}/{endpoint_id}/deliveries", headers=auth(tenant, "hr_admin"))
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items
