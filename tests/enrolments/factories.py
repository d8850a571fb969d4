"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.cohorts.helpers import add_person, add_programme, approve, create_cohort, nominate
from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created


def create_nomination(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    """A nominated enrolment with a cohort: it can still be approved, declined or withdrawn."""
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    person_id = add_person(client, "Nomineret medarbejder")
    enrolment = nominate(client, auth, programme_id, person_id, cohort_id=cohort_id)
    return {"enrolment_id": enrolment["id"]}


def create_approved_enrolment(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    """An approved enrolment: it can still be completed or withdrawn."""
    params = create_nomination(client, auth)
    approve(client, auth, params["enrolment_id"])
    return params


def create_request(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    """A pending request for a place: it can still be endorsed, declined or withdrawn."""
    programme_id = add_programme(client)
    add_person(client, "Medarbejder med interesse", sub="asks-for-a-place")
    asker = auth(HEDENSTED, "participant", sub="asks-for-a-place")
    body = {"programme_id": programme_id, "motivation": "Jeg vil gerne lære mere."}
    request = created(client.post("/api/v1/enrolment-requests", json=body, headers=asker))
    return {"request_id": request["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/enrolments/{enrolment_id}": Resource(create_nomination),
    "/api/v1/enrolments/{enrolment_id}/approve": Resource(create_nomination),
    "/api/v1/enrolments/{enrolment_id}/decline": Resource(
        create_nomination, update_body={"note": "Overtaget"}
    ),
    "/api/v1/enrolments/{enrolment_id}/withdraw": Resource(
        create_approved_enrolment, update_body={"note": "Overtaget"}
    ),
    "/api/v1/enrolments/{enrolment_id}/complete": Resource(create_approved_enrolment),
    "/api/v1/enrolment-requests/{request_id}": Resource(create_request),
    "/api/v1/enrolment-requests/{request_id}/endorse": Resource(
        create_request, update_body={"justification": "Overtaget"}
    ),
    "/api/v1/enrolment-requests/{request_id}/decline": Resource(
        create_request, update_body={"note": "Overtaget"}
    ),
    "/api/v1/enrolment-requests/{request_id}/withdraw": Resource(create_request),
}
