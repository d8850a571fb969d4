"""Who may do what with an enrolment: every caller × every action, from one table.

Anne works in Hjemmeplejen under Social Omsorg, led by Lise; Frida facilitates Anne's hold.
Ole (Læring, led by Lars) and Finn (a facilitator of no hold) are strangers to Anne's
enrolment. A caller who may not see an enrolment gets 404 for it; a caller who sees it (or
whose role lacks the permission for an existing one) but may not act gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from praksis.people.models import OrgUnitKind
from praksis.programmes.models import Grading
from tests.cohorts.helpers import (
    JUSTIFICATION,
    add_leader,
    add_org_unit,
    add_person,
    add_programme,
    approve,
    create_cohort,
    hr,
    nominate,
)
from tests.conftest import HEDENSTED, HeaderFactory

URL = "/api/v1/enrolments"

CALLERS: dict[str, tuple[str, str]] = {
    "participant_self": ("participant", "anne"),
    "participant_other": ("participant", "ole"),
    "leader_of_team": ("leader", "leder-lise"),
    "leader_other": ("leader", "leder-lars"),
    "facilitator_of_cohort": ("facilitator", "frida"),
    "facilitator_other": ("facilitator", "finn"),
    "hr_admin": ("hr_admin", "hr-consultant"),
}
ACTIONS = ("read", "nominate", "approve", "decline", "withdraw", "complete")
EXPECTED: dict[str, tuple[int, ...]] = {
    #                        read nominate approve decline withdraw complete
    "participant_self": (200, 403, 403, 403, 200, 403),
    "participant_other": (404, 403, 403, 403, 404, 403),
    "leader_of_team": (200, 201, 403, 403, 200, 403),
    "leader_other": (404, 403, 403, 403, 404, 403),
    "facilitator_of_cohort": (200, 403, 403, 403, 403, 403),
    "facilitator_other": (404, 403, 403, 403, 403, 403),
    "hr_admin": (200, 201, 200, 200, 200, 200),
}
SUCCESS_STATUS = {"approve": "approved", "decline": "declined", "withdraw": "withdrawn"}


@dataclass
class Town:
    programme: str
    second_programme: str
    cohort: str
    anne: str


def arrange(client: TestClient, auth: HeaderFactory) -> Town:
    programme = add_programme(client, grading=Grading.danish_7_point)
    second_programme = add_programme(client, title="Talentleder")
    social = add_org_unit(client, "Social Omsorg")
    team = add_org_unit(client, "Hjemmeplejen", kind=OrgUnitKind.team, parent_id=social)
    laering = add_org_unit(client, "Læring")
    add_leader(client, social, "leder-lise", name="Lise")
    add_leader(client, laering, "leder-lars", name="Lars")
    anne = add_person(client, "Anne", org_unit_id=team, sub="anne")
    add_person(client, "Ole", org_unit_id=laering, sub="ole")
    frida = add_person(client, "Frida", sub="frida")
    add_person(client, "Finn", sub="finn")
    cohort = create_cohort(client, auth, programme, facilitator_ids=[frida])["id"]
    return Town(programme, second_programme, cohort, anne)


def anne_enrolment(client: TestClient, auth: HeaderFactory, town: Town, action: str) -> str:
    enrolment = nominate(client, auth, town.programme, town.anne, cohort_id=town.cohort)
    if action == "complete":
        approve(client, auth, enrolment["id"])
    enrolment_id: str = enrolment["id"]
    return enrolment_id


def perform(
    client: TestClient, headers: dict[str, str], town: Town, enrolment_id: str, action: str
) -> Any:
    if action == "read":
        return client.get(f"{URL}/{enrolment_id}", headers=headers)
    if action == "nominate":
        body = {
            "programme_id": town.second_programme,
            "person_id": town.anne,
            "justification": JUSTIFICATION,
        }
        return client.post(URL, json=body, headers=headers)
    payload = {"grade": 7} if action == "complete" else {}
    return client.post(f"{URL}/{enrolment_id}/{action}", json=payload, headers=headers)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("caller", sorted(CALLERS))
def test_role_action_permissions(
    client: TestClient, auth: HeaderFactory, caller: str, action: str
) -> None:
    town = arrange(client, auth)
    enrolment_id = anne_enrolment(client, auth, town, action)
    before = client.get(URL, params={"limit": 200}, headers=hr(auth)).json()["items"]
    role, sub = CALLERS[caller]
    expected = EXPECTED[caller][ACTIONS.index(action)]

    response = perform(client, auth(HEDENSTED, role, sub=sub), town, enrolment_id, action)

    assert response.status_code == expected, response.text
    after = client.get(URL, params={"limit": 200}, headers=hr(auth)).json()["items"]
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert after == before
    elif action in SUCCESS_STATUS:
        assert response.json()["status"] == SUCCESS_STATUS[action]
    elif action == "complete":
        assert (response.json()["status"], response.json()["grade"]) == ("completed", 7)
    elif action == "nominate":
        assert len(after) == len(before) + 1
