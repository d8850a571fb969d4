"""Factories for the cross-tenant matrix (see tests/resources.py)."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from praksis.programmes.models import CompetenceGoal
from tests.cohorts.helpers import add_person, add_programme, approve, create_cohort, db, nominate
from tests.competences.factories import create_framework
from tests.conftest import HEDENSTED, HeaderFactory
from tests.resource_types import Resource, created

ALL_ROLES = ("participant", "leader", "facilitator", "hr_admin")
AWARD = {"title": "Specialist i borgerkontakt", "provider": "COK", "ects": 10}


def create_goal(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    response = client.post(
        "/api/v1/development-goals",
        json={"title": "Facilitere borgermøder", "review_on": "2027-03-15"},
        headers=auth(HEDENSTED, *ALL_ROLES, sub="matrix-owner"),
    )
    return {"goal_id": created(response)["id"]}


def create_person(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    return {"person_id": add_person(client, "Mette Medarbejder")}


def create_award(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    programme_id = add_programme(client)
    response = client.put(
        f"/api/v1/programmes/{programme_id}/award", json=AWARD, headers=auth(HEDENSTED)
    )
    assert response.status_code == 200, response.text
    return {"programme_id": programme_id}


def _approved_place(client: TestClient, auth: HeaderFactory) -> tuple[str, str]:
    """An approved enrolment of the matrix owner on an ungraded programme with an award and
    a competence goal: (programme id, enrolment id)."""
    programme_id = create_award(client, auth)["programme_id"]
    competence_id = create_framework(client, auth)["competences"][0]["id"]
    with db(client) as session:
        session.add(
            CompetenceGoal(
                programme_id=uuid.UUID(programme_id), competence_id=uuid.UUID(competence_id)
            )
        )
    owner = client.get("/api/v1/me", headers=auth(HEDENSTED, *ALL_ROLES, sub="matrix-owner"))
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    enrolment = nominate(client, auth, programme_id, owner.json()["person"]["id"])
    approve(client, auth, enrolment["id"], cohort_id)
    return programme_id, enrolment["id"]


def create_place(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    return {"enrolment_id": _approved_place(client, auth)[1]}


def create_credential(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    _programme, enrolment_id = _approved_place(client, auth)
    completed = client.post(
        f"/api/v1/enrolments/{enrolment_id}/complete", json={}, headers=auth(HEDENSTED)
    )
    assert completed.status_code == 200, completed.text
    credentials = client.get("/api/v1/credentials", headers=auth(HEDENSTED)).json()["items"]
    return {"credential_id": credentials[0]["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/development-goals/{goal_id}": Resource(
        create_goal, update_body={"title": "Overtaget"}
    ),
    "/api/v1/development-goals/{goal_id}/status": Resource(
        create_goal, update_body={"status": "dropped"}
    ),
    "/api/v1/people/{person_id}/development-plan": Resource(create_person),
    "/api/v1/programmes/{programme_id}/award": Resource(
        create_award, update_body={**AWARD, "title": "Overtaget"}
    ),
    "/api/v1/credentials/{credential_id}": Resource(create_credential),
    "/api/v1/credentials/{credential_id}/open-badge": Resource(create_credential),
    "/api/v1/credentials/{credential_id}/open-badge/signed": Resource(create_credential),
    "/api/v1/credentials/{credential_id}/printable": Resource(create_credential),
    "/api/v1/credentials/{credential_id}/revoke": Resource(
        create_credential, update_body={"reason": "Overtaget"}
    ),
    "/api/v1/enrolments/{enrolment_id}/self-assessment": Resource(
        create_place,
        update_body={
            "moment": "before",
            "scores": [{"competence_id": "1b4e28ba-2fa1-41d2-883f-0016d3cca427", "score": 3}],
        },
    ),
}

# Public by design (a verifier has no account): the issuer's profile and status list are read
# by anyone, for the municipality the URL names. tests/development/test_revocation.py and
# tests/kit/test_status_list_path.py prove they hold nothing but the issuer and bits.
PUBLIC_ROUTES: frozenset[str] = frozenset(
    {
        "/api/v1/issuers/{municipality_id}",
        "/api/v1/issuers/{municipality_id}/status-list",
        "/api/v1/issuers/{municipality_id}/status-list/signed",
    }
)
