"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.cohorts.helpers import add_person, add_programme, approve, create_cohort, nominate
from tests.conftest import HeaderFactory
from tests.resource_types import Resource


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
}
