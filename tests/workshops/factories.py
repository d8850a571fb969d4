"""Factories for the cross-tenant matrix (see tests/resources.py).

The programme, cohort and participants are written straight to the database (their own routes
are built elsewhere); the workshop and its attendance go through the API.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created
from tests.workshops.helpers import WORKSHOPS, Arrange, workshop_body


def create_workshop(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    plan = Arrange(runtime.engine, runtime.settings).hedensted_programme(participants=2)
    headers = auth(HEDENSTED, "hr_admin")
    workshop = created(client.post(WORKSHOPS, json=workshop_body(plan), headers=headers))
    records = [{"person_id": str(person), "status": "present"} for person in plan.participant_ids]
    recorded = client.put(
        f"{WORKSHOPS}/{workshop['id']}/attendance", json={"records": records}, headers=headers
    )
    assert recorded.status_code == 200, recorded.text
    return {"workshop_id": workshop["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/workshops/{workshop_id}": Resource(
        create_workshop,
        update_body={"title": "Overtaget", "starts_at": "2026-03-06T09:00:00+01:00"},
    ),
    "/api/v1/workshops/{workshop_id}/attendance": Resource(
        create_workshop,
        update_body={
            "records": [{"person_id": "5f0c6b1e-8a57-4f7e-9a39-2d4c1f1c2b7a", "status": "absent"}]
        },
    ),
}
# Reached with the secret in the URL and no bearer token; tests/workshops/test_calendar.py
# proves a wrong, revoked or foreign secret answers 404 and reveals nothing.
SECRET_URL_ROUTES: frozenset[str] = frozenset({"/api/v1/calendar/{token}.ics"})
