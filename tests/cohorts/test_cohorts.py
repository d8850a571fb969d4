"""Cohorts (hold): Hedensted's holds of 20–24, the KL pilot's at least two per department."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from praksis.people.models import OrgUnitKind
from tests.cohorts.helpers import (
    add_org_unit,
    add_people,
    add_person,
    add_programme,
    cohort_with_participants,
    create_cohort,
    enrol_approved,
    hr,
    nominate,
)
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory

URL = "/api/v1/cohorts"


def patch(client: TestClient, auth: HeaderFactory, cohort_id: str, **changes: Any) -> Any:
    return client.patch(f"{URL}/{cohort_id}", json=changes, headers=hr(auth))


def read(client: TestClient, auth: HeaderFactory, cohort_id: str) -> dict[str, Any]:
    response = client.get(f"{URL}/{cohort_id}", headers=hr(auth))
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_hr_admin_creates_a_planned_cohort_with_facilitators_and_counts(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    facilitator = add_person(client, "Facilitator Åse")
    response = client.post(
        URL,
        json={
            "programme_id": programme_id,
            "name": "Hold 1 – Æblehaven",
            "capacity": 24,
            "facilitator_ids": [facilitator],
        },
        headers=hr(auth),
    )
    assert response.status_code == 201, response.text
    cohort = response.json()
    assert response.headers["location"] == f"{URL}/{cohort['id']}"
    assert cohort["status"] == "planned"
    assert cohort["name"] == "Hold 1 – Æblehaven"
    assert cohort["facilitator_ids"] == [facilitator]
    assert (cohort["approved_count"], cohort["completed_count"], cohort["waitlisted_count"]) == (
        0,
        0,
        0,
    )
    as_participant = client.get(f"{URL}/{cohort['id']}", headers=auth(HEDENSTED, "participant"))
    assert as_participant.json() == cohort


def test_cohort_counts_approved_and_waitlisted_enrolments(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id, capacity=2)["id"]
    enrol_approved(client, auth, programme_id, cohort_id, add_people(client, 3))
    nominate(client, auth, programme_id, add_person(client, "Nomineret"), cohort_id=cohort_id)
    cohort = read(client, auth, cohort_id)
    assert (cohort["approved_count"], cohort["waitlisted_count"]) == (2, 1)
    listed = client.get(URL, headers=hr(auth)).json()["items"]
    assert [(c["approved_count"], c["waitlisted_count"]) for c in listed] == [(2, 1)]


def test_cohort_needs_an_existing_programme(client: TestClient, auth: HeaderFactory) -> None:
    foreign_programme = add_programme(client, tenant=HORSENS)
    body = {"programme_id": foreign_programme, "name": "Hold", "capacity": 20}
    assert client.post(URL, json=body, headers=hr(auth)).status_code == 404
    assert client.get(URL, headers=hr(auth)).json()["items"] == []


def test_cohort_capacity_stays_within_the_programmes_hold_size(
    client: TestClient, auth: HeaderFactory
) -> None:
    # Hedensted: "Forløbet gennemføres på hold af 20-24 deltagere."
    programme_id = add_programme(client, cohort_min_size=20, cohort_max_size=24)
    for capacity in (25, 19):
        body = {"programme_id": programme_id, "name": "Hold", "capacity": capacity}
        response = client.post(URL, json=body, headers=hr(auth))
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["location"] == "body.capacity"
    assert client.get(URL, headers=hr(auth)).json()["items"] == []
    cohort = create_cohort(client, auth, programme_id, capacity=24)
    assert patch(client, auth, cohort["id"], capacity=30).status_code == 422
    assert "24" in patch(client, auth, cohort["id"], capacity=30).json()["detail"]
    assert read(client, auth, cohort["id"])["capacity"] == 24
    assert patch(client, auth, cohort["id"], capacity=20).json()["capacity"] == 20


@pytest.mark.parametrize("capacity", [0, -1, 501, "many"])
def test_cohort_capacity_is_between_1_and_500(
    client: TestClient, auth: HeaderFactory, capacity: Any
) -> None:
    programme_id = add_programme(client)
    body = {"programme_id": programme_id, "name": "Hold", "capacity": capacity}
    assert client.post(URL, json=body, headers=hr(auth)).status_code == 422


def test_cohort_names_are_unique_within_a_programme(
    client: TestClient, auth: HeaderFactory
) -> None:
    first, second = add_programme(client), add_programme(client, title="Talentleder")
    create_cohort(client, auth, first, name="Hold 2015")
    create_cohort(client, auth, second, name="Hold 2015")
    body = {"programme_id": first, "name": "Hold 2015", "capacity": 20}
    assert client.post(URL, json=body, headers=hr(auth)).status_code == 409


def test_facilitators_must_be_people_of_the_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    stranger = add_person(client, "Horsens-facilitator", tenant=HORSENS)
    body = {
        "programme_id": programme_id,
        "name": "Hold",
        "capacity": 20,
        "facilitator_ids": [stranger],
    }
    assert client.post(URL, json=body, headers=hr(auth)).status_code == 404
    assert client.get(URL, headers=hr(auth)).json()["items"] == []
    cohort = create_cohort(client, auth, programme_id)
    own = add_person(client, "Facilitator")
    assert patch(client, auth, cohort["id"], facilitator_ids=[own, own]).status_code == 422
    assert patch(client, auth, cohort["id"], facilitator_ids=[own]).json()["facilitator_ids"] == [
        own
    ]
    assert patch(client, auth, cohort["id"], facilitator_ids=[]).json()["facilitator_ids"] == []


def test_cohort_list_filters_by_programme_and_pages(
    client: TestClient, auth: HeaderFactory
) -> None:
    first, second = add_programme(client), add_programme(client, title="Talentleder")
    names = [f"Hold {n}" for n in range(5)]
    for name in names:
        create_cohort(client, auth, first, name=name)
    other = create_cohort(client, auth, second, name="Andet hold")
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"programme_id": first, "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = client.get(URL, params=params, headers=auth(HEDENSTED, "leader")).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = client.get(URL, params={"programme_id": first}, headers=hr(auth)).json()
    assert seen == [item["id"] for item in everything["items"]]
    assert sorted(item["name"] for item in everything["items"]) == names
    only_second = client.get(URL, params={"programme_id": second}, headers=hr(auth)).json()
    assert [item["id"] for item in only_second["items"]] == [other["id"]]


def test_cohort_runs_from_planned_to_running_to_completed(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, _people = cohort_with_participants(client, auth, 2)
    assert patch(client, auth, cohort_id, status="running").json()["status"] == "running"
    assert patch(client, auth, cohort_id, status="completed").json()["status"] == "completed"


@pytest.mark.parametrize(
    ("path", "target", "allowed"),
    [
        ([], "completed", ["running", "cancelled"]),
        (["running"], "planned", ["completed", "cancelled"]),
        (["running", "completed"], "running", []),
        (["cancelled"], "running", []),
        (["running", "completed"], "cancelled", []),
    ],
)
def test_illegal_status_move_is_refused_naming_the_allowed_moves(
    client: TestClient, auth: HeaderFactory, path: list[str], target: str, allowed: list[str]
) -> None:
    _programme, cohort_id, _people = cohort_with_participants(client, auth, 1)
    for status in path:
        assert patch(client, auth, cohort_id, status=status).status_code == 200
    before = read(client, auth, cohort_id)
    response = patch(client, auth, cohort_id, status=target, name="Omdøbt")
    assert response.status_code == 409, response.text
    assert response.json()["allowed_statuses"] == allowed
    for status in allowed:
        assert status in response.json()["detail"]
    assert read(client, auth, cohort_id) == before


def test_cohort_cannot_start_with_one_participant_from_a_department(
    client: TestClient, auth: HeaderFactory
) -> None:
    # KL pilot: "Forvaltningen skal stille med mindst to (og gerne flere) medarbejdere".
    programme_id = add_programme(
        client, min_participants_per_org_unit=2, min_participants_level=OrgUnitKind.afdeling
    )
    cohort_id = create_cohort(client, auth, programme_id)["id"]
    forvaltning = add_org_unit(client, "Teknik og Miljø", kind=OrgUnitKind.forvaltning)
    vej_og_park = add_org_unit(client, "Vej og Park", parent_id=forvaltning)
    groenne = add_org_unit(client, "Grønne områder", kind=OrgUnitKind.team, parent_id=vej_og_park)
    byggeri = add_org_unit(client, "Byggeri", parent_id=forvaltning)
    natur = add_org_unit(client, "Natur og Miljø", parent_id=forvaltning)
    # a team below an afdeling counts towards the afdeling: Vej og Park has two
    people = [
        add_person(client, "Anne", org_unit_id=vej_og_park),
        add_person(client, "Bent", org_unit_id=groenne),
        add_person(client, "Carla", org_unit_id=byggeri),
        add_person(client, "Dorte", org_unit_id=natur),
        add_person(client, "Erik"),
    ]
    enrolments = enrol_approved(client, auth, programme_id, cohort_id, people)

    response = patch(client, auth, cohort_id, status="running")

    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["org_units"] == [
        {"id": byggeri, "name": "Byggeri", "count": 1},
        {"id": natur, "name": "Natur og Miljø", "count": 1},
        {"id": None, "name": "no unit", "count": 1},
    ]
    assert "at least 2" in problem["detail"]
    assert "Byggeri" in problem["detail"] and "Natur og Miljø" in problem["detail"]
    assert read(client, auth, cohort_id)["status"] == "planned"

    enrol_approved(
        client,
        auth,
        programme_id,
        cohort_id,
        [add_person(client, "Frede", org_unit_id=byggeri), add_person(client, "Gitte")],
    )
    still_short = patch(client, auth, cohort_id, status="running").json()["org_units"]
    assert still_short == [{"id": natur, "name": "Natur og Miljø", "count": 1}]

    withdrawn = client.post(
        f"/api/v1/enrolments/{enrolments[3]['id']}/withdraw", json={}, headers=hr(auth)
    )
    assert withdrawn.status_code == 200
    assert patch(client, auth, cohort_id, status="running").json()["status"] == "running"


def test_cohort_cannot_start_below_the_programmes_minimum_size(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id, cohort_id, _people = cohort_with_participants(
        client, auth, 2, cohort_min_size=3, cohort_max_size=24
    )
    response = patch(client, auth, cohort_id, status="running")
    assert response.status_code == 409
    assert "at least 3" in response.json()["detail"]
    assert read(client, auth, cohort_id)["status"] == "planned"
    enrol_approved(client, auth, programme_id, cohort_id, add_people(client, 1, prefix="Ny"))
    assert patch(client, auth, cohort_id, status="running").json()["status"] == "running"


def test_cohort_can_be_deleted_only_while_planned_and_without_enrolments(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    empty = create_cohort(client, auth, programme_id, name="Tomt hold")
    assert client.delete(f"{URL}/{empty['id']}", headers=hr(auth)).status_code == 204
    assert client.get(f"{URL}/{empty['id']}", headers=hr(auth)).status_code == 404

    with_enrolment = create_cohort(client, auth, programme_id, name="Hold med tilmelding")
    nominate(
        client, auth, programme_id, add_person(client, "Deltager"), cohort_id=with_enrolment["id"]
    )
    response = client.delete(f"{URL}/{with_enrolment['id']}", headers=hr(auth))
    assert response.status_code == 409
    assert read(client, auth, with_enrolment["id"])["name"] == "Hold med tilmelding"

    cancelled = create_cohort(client, auth, programme_id, name="Aflyst hold")
    patch(client, auth, cancelled["id"], status="cancelled")
    assert client.delete(f"{URL}/{cancelled['id']}", headers=hr(auth)).status_code == 409
    assert read(client, auth, cancelled["id"])["status"] == "cancelled"


def test_capacity_cannot_drop_below_the_places_taken(
    client: TestClient, auth: HeaderFactory
) -> None:
    _programme, cohort_id, _people = cohort_with_participants(client, auth, 3)
    assert patch(client, auth, cohort_id, capacity=2).status_code == 409
    assert read(client, auth, cohort_id)["capacity"] == 24
    assert patch(client, auth, cohort_id, capacity=3).json()["capacity"] == 3


def test_raising_the_capacity_admits_the_waiting_list_in_order(
    client: TestClient, auth: HeaderFactory
) -> None:
    programme_id = add_programme(client)
    cohort_id = create_cohort(client, auth, programme_id, capacity=1)["id"]
    enrolments = enrol_approved(client, auth, programme_id, cohort_id, add_people(client, 4))
    assert [e["status"] for e in enrolments] == [
        "approved",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    raised = patch(client, auth, cohort_id, capacity=3).json()
    assert (raised["approved_count"], raised["waitlisted_count"]) == (3, 1)
    statuses = [
        client.get(f"/api/v1/enrolments/{e['id']}", headers=hr(auth)).json()["status"]
        for e in enrolments
    ]
    assert statuses == ["approved", "approved", "approved", "waitlisted"]


@pytest.mark.parametrize(
    ("roles", "may_write"),
    [
        (("participant",), False),
        (("leader",), False),
        (("facilitator",), False),
        (("leader", "facilitator"), False),
        (("hr_admin",), True),
    ],
)
def test_every_role_reads_cohorts_but_only_hr_admin_writes(
    client: TestClient, auth: HeaderFactory, roles: tuple[str, ...], may_write: bool
) -> None:
    programme_id = add_programme(client)
    cohort = create_cohort(client, auth, programme_id, name="Eksisterende")
    headers = auth(HEDENSTED, *roles)
    item = f"{URL}/{cohort['id']}"
    assert client.get(URL, headers=headers).status_code == 200
    assert client.get(item, headers=headers).status_code == 200
    body = {"programme_id": programme_id, "name": "Nyt hold", "capacity": 20}
    expected = (201, 200, 204) if may_write else (403, 403, 403)
    actual = (
        client.post(URL, json=body, headers=headers).status_code,
        client.patch(item, json={"name": "Omdøbt"}, headers=headers).status_code,
        client.delete(item, headers=headers).status_code,
    )
    assert actual == expected
    if not may_write:
        assert read(client, auth, cohort["id"])["name"] == "Eksisterende"
        assert len(client.get(URL, headers=hr(auth)).json()["items"]) == 1


def test_role_without_write_permission_gets_404_for_a_missing_cohort(
    client: TestClient, auth: HeaderFactory
) -> None:
    missing = f"{URL}/01a20da9-9150-7f07-bada-fea0aca9ac24"
    headers = auth(HEDENSTED, "participant")
    assert client.patch(missing, json={"name": "x"}, headers=headers).status_code == 404
    assert client.delete(missing, headers=headers).status_code == 404


def test_integration_token_reads_cohorts_only_with_its_scope(
    client: TestClient, auth: HeaderFactory
) -> None:
    create_cohort(client, auth, add_programme(client))
    with_scope = auth(HEDENSTED, "integration", scope="cohorts:read")
    without = auth(HEDENSTED, "integration", scope="people:read")
    assert len(client.get(URL, headers=with_scope).json()["items"]) == 1
    assert client.get(URL, headers=without).status_code == 403
