"""A small municipality for the action-learning tests.

Org tree: Fritid & Fællesskab (forvaltning) → Afdeling Nord → Team Nord; and Afdeling Syd.
Leaders: ``team-leader`` of Team Nord, ``dept-leader`` of Afdeling Nord (the unit above),
``other-leader`` of Afdeling Syd. The project owner ``owner`` works in Team Nord and is in a
learning group with ``peer`` (who works in Afdeling Syd) in a cohort facilitated by
``facilitator``; ``other-facilitator`` runs another cohort, ``stranger`` is unrelated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from praksis.people.models import OrgUnitKind
from tests.action_learning.factories import add_kerneopgave
from tests.cohorts.helpers import (
    add_leader,
    add_org_unit,
    add_person,
    add_programme,
    create_cohort,
    create_group,
    enrol_approved,
)
from tests.conftest import HEDENSTED, HeaderFactory

BASE = "/api/v1/action-learning-projects"


@dataclass
class World:
    programme_id: str
    cohort_id: str
    other_cohort_id: str
    kerneopgave_id: str
    team_nord: str
    afdeling_nord: str
    afdeling_syd: str
    people: dict[str, str]  # sub → person id

    def headers(self, auth: HeaderFactory, sub: str, *roles: str) -> dict[str, str]:
        return auth(HEDENSTED, *(roles or ("participant",)), sub=sub)


def build_world(client: TestClient, auth: HeaderFactory, **programme_rules: Any) -> World:
    forvaltning = add_org_unit(client, "Fritid & Fællesskab", kind=OrgUnitKind.forvaltning)
    nord = add_org_unit(client, "Afdeling Nord", parent_id=forvaltning)
    syd = add_org_unit(client, "Afdeling Syd", parent_id=forvaltning)
    team = add_org_unit(client, "Team Nord", kind=OrgUnitKind.team, parent_id=nord)
    people = {
        "team-leader": add_leader(client, team, "team-leader", name="Teamleder"),
        "dept-leader": add_leader(client, nord, "dept-leader", name="Afdelingsleder"),
        "other-leader": add_leader(client, syd, "other-leader", name="Leder Syd"),
        "owner": add_person(client, "Ejer", org_unit_id=team, sub="owner"),
        "colleague": add_person(client, "Kollega", org_unit_id=team, sub="colleague"),
        "peer": add_person(client, "Læringsgruppe", org_unit_id=syd, sub="peer"),
        "stranger": add_person(client, "Fremmed", org_unit_id=syd, sub="stranger"),
        "facilitator": add_person(client, "Facilitator", sub="facilitator"),
        "other-facilitator": add_person(client, "Anden facilitator", sub="other-facilitator"),
        "member-3": add_person(client, "Deltager 3", org_unit_id=syd),
        "member-4": add_person(client, "Deltager 4", org_unit_id=syd),
    }
    programme_id = add_programme(client, **programme_rules)
    cohort_id = create_cohort(client, auth, programme_id, facilitator_ids=[people["facilitator"]])[
        "id"
    ]
    other_cohort_id = create_cohort(
        client, auth, programme_id, name="Hold 2", facilitator_ids=[people["other-facilitator"]]
    )["id"]
    group = [people[sub] for sub in ("owner", "peer", "member-3", "member-4")]
    enrol_approved(client, auth, programme_id, cohort_id, [*group, people["stranger"]])
    create_group(client, auth, cohort_id, group, "Læringsgruppe 1")
    return World(
        programme_id=programme_id,
        cohort_id=cohort_id,
        other_cohort_id=other_cohort_id,
        kerneopgave_id=add_kerneopgave(client),
        team_nord=team,
        afdeling_nord=nord,
        afdeling_syd=syd,
        people=people,
    )


def create_project(
    client: TestClient,
    auth: HeaderFactory,
    world: World,
    *,
    sub: str = "owner",
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "title": "Borgeren som medskaber",
        "challenge": "Vi definerer løsninger for borgerne.",
        "goal": "Vi faciliterer løsninger sammen med borgerne.",
        "kerneopgave_id": world.kerneopgave_id,
        "cohort_id": world.cohort_id,
        **fields,
    }
    response = client.post(BASE, json=body, headers=world.headers(auth, sub))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def create_trial_action(
    client: TestClient,
    auth: HeaderFactory,
    world: World,
    project_id: str,
    *,
    sub: str = "owner",
    **fields: Any,
) -> dict[str, Any]:
    body = {"title": "Fællesspisning", "with_whom": ["citizens", "colleagues"], **fields}
    response = client.post(
        f"{BASE}/{project_id}/trial-actions", json=body, headers=world.headers(auth, sub)
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result
