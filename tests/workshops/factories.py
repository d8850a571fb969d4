"""Factories for the cross-tenant matrix (see tests/resources.py).

The programme, cohort and participants are written straight to the database (their own routes
are built elsewhere); the workshop and its attendance go through the API.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from praksis.people.models import OrgUnitLeader
from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created
from tests.workshops.helpers import WORKSHOPS, Arrange, workshop_body

SPARRING = "/api/v1/sparring-meetings"


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


def create_guest(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    params = create_workshop(client, auth)
    guest = created(
        client.post(
            f"{WORKSHOPS}/{params['workshop_id']}/guests",
            json={"name": "Mette Holm", "role": "erhvervspsykolog"},
            headers=auth(HEDENSTED, "hr_admin"),
        )
    )
    return {**params, "guest_id": guest["id"]}


def create_sparring_meeting(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    """A programme whose participant works in a unit with a leader: the meeting invites them."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    arrange = Arrange(runtime.engine, runtime.settings)
    plan = arrange.hedensted_programme(participants=0)
    unit = arrange.org_unit()
    leader = arrange.person(name="Lene Leder", org_unit_id=unit)
    arrange._add(OrgUnitLeader(org_unit_id=unit, person_id=leader))
    arrange.enrol(plan.programme_id, plan.cohort_id, arrange.person(org_unit_id=unit))
    body = {
        "programme_id": str(plan.programme_id),
        "title": "Sparringsmøde mellem lederne",
        "starts_at": "2026-04-01T13:00:00+02:00",
        "ends_at": "2026-04-01T15:00:00+02:00",
    }
    headers = auth(HEDENSTED, "hr_admin")
    meeting = created(client.post(SPARRING, json=body, headers=headers))
    invitations = client.get(f"{SPARRING}/{meeting['id']}/invitations", headers=headers).json()
    (invitation,) = invitations["items"]
    return {"meeting_id": meeting["id"], "invitation_id": invitation["id"]}


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
    "/api/v1/workshops/{workshop_id}/guests": Resource(
        create_workshop, update_body={"name": "Ib Lund", "role": "professor"}
    ),
    "/api/v1/workshops/{workshop_id}/guests/{guest_id}": Resource(
        create_guest, update_body={"name": "Overtaget"}
    ),
    "/api/v1/sparring-meetings/{meeting_id}": Resource(
        create_sparring_meeting, update_body={"title": "Overtaget"}
    ),
    "/api/v1/sparring-meetings/{meeting_id}/invite-leaders": Resource(create_sparring_meeting),
    "/api/v1/sparring-meetings/{meeting_id}/invitations": Resource(create_sparring_meeting),
    "/api/v1/sparring-meetings/{meeting_id}/invitations/{invitation_id}": Resource(
        create_sparring_meeting, update_body={"status": "absent", "expected_status": "invited"}
    ),
}
# Reached with the secret in the URL and no bearer token; tests/workshops/test_calendar.py
# proves a wrong, revoked or foreign secret answers 404 and reveals nothing.
SECRET_URL_ROUTES: frozenset[str] = frozenset({"/api/v1/calendar/{token}.ics"})
