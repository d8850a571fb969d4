"""Arranging people, leaders and programmes for the development tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from praksis.people.models import OrgUnitKind
from tests.action_learning.factories import add_kerneopgave
from tests.cohorts.helpers import add_leader, add_org_unit, add_person
from tests.competences.factories import create_framework
from tests.conftest import HEDENSTED, HeaderFactory

ROLES = ("participant", "leader")


@dataclass
class Team:
    """Fritid & Fællesskab (an afdeling) with its leader, and a team below it."""

    leader: str
    member: str
    colleague: str
    competence_ids: list[str]
    kerneopgave_id: str


def arrange_team(client: TestClient, auth: HeaderFactory) -> Team:
    afdeling = add_org_unit(client, "Fritid & Fællesskab")
    team = add_org_unit(client, "Aktivitetscentret", kind=OrgUnitKind.team, parent_id=afdeling)
    leader = add_leader(client, afdeling, "leder", name="Lone Leder")
    member = add_person(client, "Mette Medarbejder", org_unit_id=team, sub="mette")
    colleague = add_person(client, "Carsten Kollega", org_unit_id=team, sub="carsten")
    framework = create_framework(client, auth)
    return Team(
        leader=leader,
        member=member,
        colleague=colleague,
        competence_ids=[item["id"] for item in framework["competences"]],
        kerneopgave_id=add_kerneopgave(client),
    )


def as_person(auth: HeaderFactory, sub: str, tenant: str = HEDENSTED) -> dict[str, str]:
    return auth(tenant, *ROLES, sub=sub)


def propose(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/development-goals", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def move(client: TestClient, headers: dict[str, str], goal_id: str, status: str) -> Any:
    return client.post(
        f"/api/v1/development-goals/{goal_id}/status", json={"status": status}, headers=headers
    )
