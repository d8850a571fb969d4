"""Enrolments: the KL pilot's nomination by the leader with a written justification, HR's
decision with a waiting list, and completion with a grade on the Danish 7-point scale."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from praksis.people.models import OrgUnitKind, Person
from praksis.programmes.models import Grading, ProgrammeStatus
from tests.cohorts.helpers import (
    JUSTIFICATION,
    add_leader,
    add_org_unit,
    add_people,
    add_person,
    add_programme,
    approve,
    create_cohort,
    db,
    enrol_approved,
    hr,
    nominate,
)
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory

URL = "/api/v1/enrolments"


def body(programme_id: str, person_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "programme_id": programme_id,
        "person_id": person_id,
        "justification": JUSTIFICATION,
        "team_challenge": "Samskabelse med borgerne",
        **extra,
    }


def all_enrolments(client: TestClient, auth: HeaderFactory) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(URL, params={"limit": 200}, headers=hr(auth)).json()[
        "items"
    ]
    return items


def status_of(client: TestClient, auth: HeaderFactory, enrolment_id: str) -> str:
    status: str = client.get(f"{URL}/{enrolment_id}", headers=hr(auth)).json()["status"]
    return status


def act(
    client: TestClient,
    headers: dict[str, str],
    enrolment_id: str,
    action: str,
    payload: dict[str, Any] | None = None,
) -> Any:
    return client.post(f"{URL}/{enrolment_id}/{action}", json=payload or {}, headers=headers)


def me(client: TestClient, headers: dict[str, str]) -> str:
    person_id: str = client.get("/api/v1/me", headers=headers).json()["person"]["id"]
    return person_id


# --- nomination -------------------------------------------------------------------------------


def test_leader_nominates_a_team_member_with_a_written_justification(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client, justification_min_length=40)
    social = add_org_unit(client, "Social Omsorg")
    hjemmeplejen = add_org_unit(
        client, "Hjemmeplejen Øster Snede", kind=OrgUnitKind.team, parent_id=social
    )
    leader_id = add_leader(client, social, "leder-lise")
    employee = add_person(client, "Bodil Æbelø", org_unit_id=hjemmeplejen)
    leader = auth(HEDENSTED, "leader", sub="leder-lise")

    response = client.post(URL, json=body(programme_id, employee), headers=leader)

    assert response.status_code == 201, response.text
    enrolment = response.json()
    assert response.headers["location"] == f"{URL}/{enrolment['id']}"
    assert enrolment["status"] == "nominated"
    assert enrolment["person_id"] == employee
    assert enrolment["nominated_by_id"] == leader_id
    assert enrolment["justification"] == JUSTIFICATION
    assert enrolment["team_challenge"] == "Samskabelse med borgerne"
    assert enrolment["cohort_id"] is None
    assert client.get(f"{URL}/{enrolment['id']}", headers=leader).json() == enrolment


def test_leader_cannot_nominate_outside_their_team(client: TestClient, auth: HeaderFactory) -> None:
    programme_id = add_programme(client)
    social = add_org_unit(client, "Social Omsorg")
    laering = add_org_unit(client, "Læring")
    add_leader(client, social, "leder-lise")
    outsider = add_person(client, "Lærer i Læring", org_unit_id=laering)
    without_unit = add_person(client, "Uden enhed")
    leader = auth(HEDENSTED, "leader", sub="leder-lise")
    for person_id in (outsider, without_unit):
        response = client.post(URL, json=body(programme_id, person_id), headers=leader)
        assert response.status_code == 403, response.text
        assert "own team" in response.json()["detail"]
    assert all_enrolments(client, auth) == []


def test_hr_admin_nominates_anyone_in_the_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    person_id = add_person(client, "Uden enhed")
    enrolment = nominate(client, auth, programme_id, person_id)
    assert enrolment["nominated_by_id"] == me(client, hr(auth))


def test_another_municipalitys_person_cannot_be_nominated(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    horsens_person = add_person(client, "Horsens-medarbejder", tenant=HORSENS)
    unit = add_org_unit(client, "Social Omsorg")
    add_leader(client, unit, "leder-lise")
    for headers in (hr(auth), auth(HEDENSTED, "leader", sub="leder-lise")):
        response = client.post(URL, json=body(programme_id, horsens_person), headers=headers)
        assert response.status_code == 404, response.text
    assert all_enrolments(client, auth) == []
    horsens_programme = add_programme(client, tenant=HORSENS)
    own = add_person(client, "Hedensted-medarbejder")
    assert client.post(URL, json=body(horsens_programme, own), headers=hr(auth)).status_code == 404


@pytest.mark.parametrize("justification", ["", "   \n  ", "For kort begrundelse"])
def test_nomination_without_justification_is_refused(
    client: TestClient, auth: HeaderFactory, justification: str
) -> None:
    # KL pilot: "Lederne skal skriftligt begrunde sammenhæng mellem uddannelsesforløb og de
    # aktuelle udviklingsmæssige udfordringer i afdelingen/teamet".
    programme_id = add_programme(client, justification_required=True, justification_min_length=40)
    person_id = add_person(client, "Medarbejder")
    payload = body(programme_id, person_id, justification=justification)
    response = client.post(URL, json=payload, headers=hr(auth))
    assert response.status_code == 422, response.text
    problem = response.json()
    assert "40" in problem["detail"]
    assert problem["errors"][0]["location"] == "body.justification"
    assert all_enrolments(client, auth) == []


def test_justification_is_required_even_without_a_minimum_length(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client, justification_required=True)
    person_id = add_person(client, "Medarbejder")
    payload = {"programme_id": programme_id, "person_id": person_id}
    assert client.post(URL, json=payload, headers=hr(auth)).status_code == 422
    payload["justification"] = "Teamets udfordring"
    assert client.post(URL, json=payload, headers=hr(auth)).status_code == 201


def test_programme_without_justification_requirement_takes_a_bare_nomination(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client, justification_required=False)
    person_id = add_person(client, "Medarbejder")
    payload = {"programme_id": programme_id, "person_id": person_id}
    response = client.post(URL, json=payload, headers=hr(auth))
    assert response.status_code == 201, response.text
    assert response.json()["justification"] == ""


@pytest.mark.parametrize(
    "status",
    [
        ProgrammeStatus.draft,
        ProgrammeStatus.running,
        ProgrammeStatus.completed,
        ProgrammeStatus.cancelled,
    ],
)
def test_nominations_need_an_open_programme(
    client: TestClient, auth: HeaderFactory, status: ProgrammeStatus
) -> None:
    programme_id = add_programme(client, status=status)
    person_id = add_person(client, "Medarbejder")
    response = client.post(URL, json=body(programme_id, person_id), headers=hr(auth))
    assert response.status_code == 409
    assert status.value in response.json()["detail"]
    assert all_enrolments(client, auth) == []


def test_nomination_of_an_unknown_programme_is_not_found(
    client: TestClient, auth: HeaderFactory
) -> None:
    person_id = add_person(client, "Medarbejder")
    response = client.post(URL, json=body(str(uuid.uuid4()), person_id), headers=hr(auth))
    assert response.status_code == 404


def test_one_active_enrolment_per_person_per_programme(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    other_programme = add_programme(client, title="Talentleder")
    person_id = add_person(client, "Medarbejder")
    first = nominate(client, auth, programme_id, person_id)
    response = client.post(URL, json=body(programme_id, person_id), headers=hr(auth))
    assert response.status_code == 409
    assert "nominated" in response.json()["detail"]
    nominate(client, auth, other_programme, person_id)
    assert act(client, hr(auth), first["id"], "decline").status_code == 200
    again = client.post(URL, json=body(programme_id, person_id), headers=hr(auth))
    assert again.status_code == 201
    assert len(all_enrolments(client, auth)) == 3


def test_nomination_cohort_must_belong_to_the_programme(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    other_programme = add_programme(client, title="Talentleder")
    foreign_cohort = create_cohort(client, auth, other_programme)["id"]
    person_id = add_person(client, "Medarbejder")
    payload = body(programme_id, person_id, cohort_id=foreign_cohort)
    response = client.post(URL, json=payload, headers=hr(auth))
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.cohort_id"
    missing = body(programme_id, person_id, cohort_id=str(uuid.uuid4()))
    assert client.post(URL, json=missing, headers=hr(auth)).status_code == 404
    assert all_enrolments(client, auth) == []
    own_cohort = create_cohort(client, auth, programme_id)["id"]
    placed = client.post(
        URL, json=body(programme_id, person_id, cohort_id=own_cohort), headers=hr(auth)
    )
    assert placed.json()["cohort_id"] == own_cohort


# --- visibility -------------------------------------------------------------------------------


class Municipality:
    """Hedensted with a Social Omsorg department (leader Lise, employee Anne in a team below),
    a Læring department (Ole), facilitator Frida running Hold 1, and enrolments of each."""

    def __init__(self, client: TestClient, auth: HeaderFactory) -> None:
        self.programme = add_programme(client)
        self.other_programme = add_programme(client, title="Talentleder")
        social = add_org_unit(client, "Social Omsorg")
        team = add_org_unit(client, "Hjemmeplejen", kind=OrgUnitKind.team, parent_id=social)
        laering = add_org_unit(client, "Læring")
        self.laering = laering
        self.leader = add_leader(client, social, "leder-lise", name="Lise")
        self.anne = add_person(client, "Anne", org_unit_id=team, sub="anne")
        self.bo = add_person(client, "Bo", org_unit_id=social, sub="bo")
        self.ole = add_person(client, "Ole", org_unit_id=laering, sub="ole")
        self.frida = add_person(client, "Frida", sub="frida")
        self.hold1 = create_cohort(client, auth, self.programme, facilitator_ids=[self.frida])["id"]
        leader = auth(HEDENSTED, "leader", sub="leder-lise")
        self.anne_enrolment = nominate(client, auth, self.programme, self.anne, headers=leader)[
            "id"
        ]
        self.bo_enrolment = nominate(client, auth, self.programme, self.bo)["id"]
        self.ole_enrolment = approve(
            client, auth, nominate(client, auth, self.programme, self.ole)["id"], self.hold1
        )["id"]
        self.frida_enrolment = nominate(client, auth, self.other_programme, self.frida)["id"]


def visible(client: TestClient, headers: dict[str, str], **filters: Any) -> set[str]:
    response = client.get(URL, params={"limit": 200, **filters}, headers=headers)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_participant_sees_only_their_own_enrolments(
    client: TestClient, auth: HeaderFactory
) -> None:
    town = Municipality(client, auth)
    anne = auth(HEDENSTED, "participant", sub="anne")
    assert visible(client, anne) == {town.anne_enrolment}
    assert client.get(f"{URL}/{town.anne_enrolment}", headers=anne).status_code == 200
    for other in (town.bo_enrolment, town.ole_enrolment, town.frida_enrolment):
        assert client.get(f"{URL}/{other}", headers=anne).status_code == 404
    assert visible(client, anne, person_id=town.ole) == set()


def test_leader_sees_their_teams_and_the_enrolments_they_nominated(
    client: TestClient, auth: HeaderFactory
) -> None:
    town = Municipality(client, auth)
    leader = auth(HEDENSTED, "leader", sub="leder-lise")
    assert visible(client, leader) == {town.anne_enrolment, town.bo_enrolment}
    assert client.get(f"{URL}/{town.ole_enrolment}", headers=leader).status_code == 404
    # Anne moves to Læring: Lise still sees the nomination she wrote, not Bo's once he moves
    with db(client) as session:
        moving = [uuid.UUID(town.anne), uuid.UUID(town.bo)]
        for person in session.exec(select(Person).where(col(Person.id).in_(moving))).all():
            person.org_unit_id = uuid.UUID(town.laering)
    assert visible(client, leader) == {town.anne_enrolment}


def test_facilitator_sees_the_enrolments_of_the_cohorts_they_facilitate(
    client: TestClient, auth: HeaderFactory
) -> None:
    town = Municipality(client, auth)
    frida = auth(HEDENSTED, "facilitator", sub="frida")
    assert visible(client, frida) == {town.ole_enrolment, town.frida_enrolment}
    assert client.get(f"{URL}/{town.anne_enrolment}", headers=frida).status_code == 404
    stranger = auth(HEDENSTED, "facilitator", sub="another-facilitator")
    assert visible(client, stranger) == set()


def test_a_caller_with_several_roles_sees_the_union(
    client: TestClient, auth: HeaderFactory
) -> None:
    town = Municipality(client, auth)
    client.patch(
        f"/api/v1/cohorts/{town.hold1}",
        json={"facilitator_ids": [town.frida, town.leader]},
        headers=hr(auth),
    )
    lise = auth(HEDENSTED, "leader", "facilitator", sub="leder-lise")
    assert visible(client, lise) == {town.anne_enrolment, town.bo_enrolment, town.ole_enrolment}
    assert visible(client, auth(HEDENSTED, "participant", "hr_admin")) == {
        town.anne_enrolment,
        town.bo_enrolment,
        town.ole_enrolment,
        town.frida_enrolment,
    }


def test_enrolment_list_filters_and_pages(client: TestClient, auth: HeaderFactory) -> None:
    town = Municipality(client, auth)
    headers = hr(auth)
    assert visible(client, headers, programme_id=town.other_programme) == {town.frida_enrolment}
    assert visible(client, headers, cohort_id=town.hold1) == {town.ole_enrolment}
    assert visible(client, headers, status="approved") == {town.ole_enrolment}
    assert visible(client, headers, person_id=town.bo) == {town.bo_enrolment}
    assert visible(client, headers, status="nominated", programme_id=town.programme) == {
        town.anne_enrolment,
        town.bo_enrolment,
    }
    assert client.get(URL, params={"status": "maybe"}, headers=headers).status_code == 422
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get(URL, params=params, headers=headers).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(item["id"] for item in all_enrolments(client, auth))
    assert len(seen) == 4


# --- decisions --------------------------------------------------------------------------------


def test_approval_needs_a_cohort_of_the_programme(client: TestClient, auth: HeaderFactory) -> None:
    programme_id = add_programme(client)
    other_cohort = create_cohort(client, auth, add_programme(client, title="Andet"))["id"]
    enrolment = nominate(client, auth, programme_id, add_person(client, "Medarbejder"))["id"]
    response = act(client, hr(auth), enrolment, "approve")
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.cohort_id"
    assert (
        act(client, hr(auth), enrolment, "approve", {"cohort_id": other_cohort}).status_code == 422
    )
    assert status_of(client, auth, enrolment) == "nominated"
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    approved = act(
        client, hr(auth), enrolment, "approve", {"cohort_id": cohort_id, "note": "Velkommen"}
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["cohort_id"] == cohort_id
    assert approved.json()["decision_note"] == "Velkommen"


def test_approval_onto_a_closed_cohort_is_refused(client: TestClient, auth: HeaderFactory) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    client.patch(f"/api/v1/cohorts/{cohort_id}", json={"status": "cancelled"}, headers=hr(auth))
    enrolment = nominate(client, auth, programme_id, add_person(client, "Medarbejder"))["id"]
    response = act(client, hr(auth), enrolment, "approve", {"cohort_id": cohort_id})
    assert response.status_code == 409
    assert status_of(client, auth, enrolment) == "nominated"


def test_full_cohort_waitlists_and_withdrawal_promotes_the_next(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id, capacity=2)["id"]
    anne = add_person(client, "Anne", sub="anne")
    people = [anne, *add_people(client, 3)]
    first, second, third, fourth = (
        e["id"] for e in enrol_approved(client, auth, programme_id, cohort_id, people)
    )
    assert [status_of(client, auth, e) for e in (first, second, third, fourth)] == [
        "approved",
        "approved",
        "waitlisted",
        "waitlisted",
    ]
    still_full = act(client, hr(auth), third, "approve")
    assert still_full.status_code == 409
    assert status_of(client, auth, third) == "waitlisted"

    withdrawn = act(client, auth(HEDENSTED, "participant", sub="anne"), first, "withdraw")

    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "withdrawn"
    assert [status_of(client, auth, e) for e in (second, third, fourth)] == [
        "approved",
        "approved",
        "waitlisted",
    ]
    cohort = client.get(f"/api/v1/cohorts/{cohort_id}", headers=hr(auth)).json()
    assert (cohort["approved_count"], cohort["waitlisted_count"]) == (2, 1)
    # a waitlisted withdrawal frees no place
    assert act(client, hr(auth), fourth, "withdraw").status_code == 200
    assert act(client, hr(auth), second, "withdraw").status_code == 200
    cohort = client.get(f"/api/v1/cohorts/{cohort_id}", headers=hr(auth)).json()
    assert (cohort["approved_count"], cohort["waitlisted_count"]) == (1, 0)


def test_decline_records_the_note(client: TestClient, auth: HeaderFactory) -> None:
    programme_id = add_programme(client)
    enrolment = nominate(client, auth, programme_id, add_person(client, "Medarbejder"))["id"]
    response = act(client, hr(auth), enrolment, "decline", {"note": "Næste hold i 2016"})
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert response.json()["decision_note"] == "Næste hold i 2016"


@pytest.mark.parametrize(
    ("arrive_by", "action", "payload"),
    [
        (["decline"], "approve", {}),
        (["decline"], "withdraw", {}),
        (["decline"], "complete", {}),
        (["withdraw"], "decline", {}),
        (["withdraw"], "approve", {}),
        ([], "complete", {}),
        (["approve"], "decline", {}),
        (["approve"], "approve", {}),
        (["approve", "complete"], "withdraw", {}),
        (["approve", "complete"], "complete", {}),
    ],
)
def test_an_illegal_move_of_an_enrolment_is_a_conflict(
    client: TestClient,
    auth: HeaderFactory,
    arrive_by: list[str],
    action: str,
    payload: dict[str, Any],
) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    person_id = add_person(client, "Medarbejder")
    enrolment = nominate(client, auth, programme_id, person_id, cohort_id=cohort_id)["id"]
    for step in arrive_by:
        assert act(client, hr(auth), enrolment, step).status_code == 200
    before = client.get(f"{URL}/{enrolment}", headers=hr(auth)).json()
    response = act(client, hr(auth), enrolment, action, payload)
    assert response.status_code == 409, response.text
    assert before["status"] in response.json()["detail"]
    assert client.get(f"{URL}/{enrolment}", headers=hr(auth)).json() == before


# --- completion -------------------------------------------------------------------------------


def approved_enrolment(client: TestClient, auth: HeaderFactory, grading: Grading) -> str:
    programme_id = add_programme(client, grading=grading)
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    person_id = add_person(client, "Deltager")
    enrolment_id: str = enrol_approved(client, auth, programme_id, cohort_id, [person_id])[0]["id"]
    return enrolment_id


@pytest.mark.parametrize("grade", [1, 3, 5, 11, -2, 13, -4])
def test_grade_must_be_on_the_danish_7_point_scale(
    client: TestClient, auth: HeaderFactory, grade: int
) -> None:
    # HK/KL "Specialist i borgerkontakt": exams on the 7-point scale (-3, 00, 02, 4, 7, 10, 12).
    enrolment = approved_enrolment(client, auth, Grading.danish_7_point)
    response = act(client, hr(auth), enrolment, "complete", {"grade": grade})
    assert response.status_code == 422, response.text
    assert status_of(client, auth, enrolment) == "approved"


@pytest.mark.parametrize(
    ("grade", "passed"),
    [(-3, False), (0, False), (2, True), (4, True), (7, True), (10, True), (12, True)],
)
def test_seven_point_grade_completes_and_02_passes(
    client: TestClient, auth: HeaderFactory, grade: int, passed: bool
) -> None:
    enrolment = approved_enrolment(client, auth, Grading.danish_7_point)
    response = act(client, hr(auth), enrolment, "complete", {"grade": grade})
    assert response.status_code == 200, response.text
    completed = response.json()
    assert (completed["status"], completed["grade"], completed["passed"]) == (
        "completed",
        grade,
        passed,
    )
    assert completed["completed_at"].endswith(("Z", "+00:00"))


def test_seven_point_programme_needs_a_grade(client: TestClient, auth: HeaderFactory) -> None:
    enrolment = approved_enrolment(client, auth, Grading.danish_7_point)
    assert act(client, hr(auth), enrolment, "complete", {}).status_code == 422
    contradiction = {"grade": 0, "passed": True}
    assert act(client, hr(auth), enrolment, "complete", contradiction).status_code == 422
    assert status_of(client, auth, enrolment) == "approved"


def test_pass_fail_programme_records_passed_and_takes_no_grade(
    client: TestClient, auth: HeaderFactory
) -> None:
    enrolment = approved_enrolment(client, auth, Grading.pass_fail)
    assert act(client, hr(auth), enrolment, "complete", {"grade": 7}).status_code == 422
    assert act(client, hr(auth), enrolment, "complete", {}).status_code == 422
    done = act(client, hr(auth), enrolment, "complete", {"passed": True}).json()
    assert (done["status"], done["grade"], done["passed"]) == ("completed", None, True)


def test_ungraded_programme_completes_without_a_result(
    client: TestClient, auth: HeaderFactory
) -> None:
    enrolment = approved_enrolment(client, auth, Grading.none)
    assert act(client, hr(auth), enrolment, "complete", {"grade": 7}).status_code == 422
    assert act(client, hr(auth), enrolment, "complete", {"passed": True}).status_code == 422
    done = act(client, hr(auth), enrolment, "complete", {}).json()
    assert (done["status"], done["grade"], done["passed"]) == ("completed", None, None)
    assert done["completed_at"] is not None
