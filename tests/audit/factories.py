"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.enrolments.factories import create_nomination
from tests.resource_types import Resource


def create_audit_event(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    """A decision, and the audit event it left."""
    enrolment_id = create_nomination(client, auth)["enrolment_id"]
    hr = auth(HEDENSTED, "hr_admin")
    declined = client.post(
        f"/api/v1/enrolments/{enrolment_id}/decline", json={"note": "Ikke nu"}, headers=hr
    )
    assert declined.status_code == 200, declined.text
    events = client.get(
        "/api/v1/audit",
        params={"object_id": enrolment_id, "action": "enrolment.declined"},
        headers=hr,
    ).json()["items"]
    assert len(events) == 1, events
    return {"event_id": events[0]["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/audit/{event_id}": Resource(create_audit_event),
}
