"""People: HR keeps the municipality's staff; every role reads them; leaders see their team."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from praksis.cohorts.models import Cohort, CohortFacilitator
from praksis.kit.db import system_session, tenant_session
from praksis.people.models import OrgUnitLeader, Person
from praksis.programmes.models import Programme, ProgrammeKind
from praksis.settings import Settings
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.people.support import (
    BULK,
    IMPORT,
    PEOPLE,
    UNITS,
    all_items,
    assert_problem,
    hr,
    make_person,
    make_unit,
    me,
)

SØREN = {
    "name": "Søren Ærø Åkjær",
    "email": "soren.akjaer@hedensted.dk",
    "job_title": "Pædagog i Bærum",
    "external_id": "HR-1001",
}


def test_hr_admin_creates_a_person_and_danish_letters_round_trip(
    client: TestClient, auth: HeaderFactory
) -> None:
    unit = make_unit(client, auth, "Bærum", "forvaltning")
    response = client.post(PEOPLE, json={**SØREN, "org_unit_id": unit["id"]}, headers=hr(auth))
    assert response.status_code == 201, response.text
    person = response.json()
    assert response.headers["location"] == f"{PEOPLE}/{person['id']}"
    assert {k: person[k] for k in SØREN} == SØREN
    assert person["org_unit_id"] == unit["id"]
    read = client.get(f"{PEOPLE}/{person['id']}", headers=hr(auth))
    assert read.status_code == 200 and read.json() == person
    assert "Søren Ærø Åkjær".encode() in read.content


def test_colleagues_see_a_person_by_name_and_unit_only(
    client: TestClient, auth: HeaderFactory
) -> None:
    """What pickers need: e-mail, job title and external id stay with HR, integrations and
    the person themself (least privilege, issue 16)."""
    unit = make_unit(client, auth, "Bærum", "forvaltning")
    søren = make_person(client, auth, **SØREN, unit=unit)
    hidden = {"email": None, "job_title": None, "external_id": None}
    for role in ("participant", "leader", "facilitator"):
        colleague = auth(HEDENSTED, role)
        read = client.get(f"{PEOPLE}/{søren['id']}", headers=colleague)
        assert read.status_code == 200 and read.json() == {**søren, **hidden}, role
        listed = [p for p in all_items(client, PEOPLE, colleague) if p["id"] == søren["id"]]
        assert listed == [{**søren, **hidden}], role
        # nor can they find people by their e-mail or external id
        assert all_items(client, PEOPLE, colleague, q="hedensted.dk") == []
        by_id = client.get(PEOPLE, params={"external_id": "HR-1001"}, headers=colleague)
        assert_problem(by_id, 403)
    integration = auth(HEDENSTED, "integration", scope="people:read people:write")
    assert client.get(f"{PEOPLE}/{søren['id']}", headers=integration).json() == søren


def test_a_person_sees_their_own_record_whole(client: TestClient, auth: HeaderFactory) -> None:
    headers = auth(HEDENSTED, "participant", sub="soeren", email=SØREN["email"])
    own = me(client, headers)
    assert client.get(f"{PEOPLE}/{own['id']}", headers=headers).json()["email"] == SØREN["email"]


def test_signed_in_person_is_listed_without_their_sign_in_subject(
    client: TestClient, auth: HeaderFactory
) -> None:
    headers = auth(HEDENSTED, "participant", sub="mette-hoejgaard", name="Mette Højgaard")
    mette = me(client, headers)
    listed = all_items(client, PEOPLE, hr(auth))
    mine = next(p for p in listed if p["id"] == mette["id"])
    assert mine["name"] == "Mette Højgaard"
    assert "subject" not in mine
    single = client.get(f"{PEOPLE}/{mette['id']}", headers=hr(auth))
    assert "subject" not in single.json() and b"mette-hoejgaard" not in single.content
    patched = client.patch(f"{PEOPLE}/{mette['id']}", json={"job_title": "SSA"}, headers=hr(auth))
    assert "subject" not in patched.json()
    assert_problem(
        client.patch(f"{PEOPLE}/{mette['id']}", json={"subject": "x"}, headers=hr(auth)), 422
    )


@pytest.mark.parametrize("role", ["participant", "leader", "facilitator"])
def test_participant_cannot_create_people(
    client: TestClient, auth: HeaderFactory, role: str
) -> None:
    person = make_person(client, auth, "Anne")
    headers = auth(HEDENSTED, role)
    before = all_items(client, PEOPLE, headers)
    assert_problem(client.post(PEOPLE, json=SØREN, headers=headers), 403)
    item = f"{PEOPLE}/{person['id']}"
    assert_problem(client.patch(item, json={"name": "Bente"}, headers=headers), 403)
    assert_problem(client.delete(item, headers=headers), 403)
    assert_problem(client.post(IMPORT, content=b"external_id,name\nX,Y\n", headers=headers), 403)
    assert_problem(client.post(BULK, json={"people": []}, headers=headers), 403)
    assert all_items(client, PEOPLE, headers) == before
    assert client.get(item, headers=headers).json() == person


def test_role_without_write_permission_gets_404_for_a_missing_person(
    client: TestClient, auth: HeaderFactory
) -> None:
    missing = f"{PEOPLE}/{uuid.uuid4()}"
    response = client.delete(missing, headers=auth(HEDENSTED, "participant"))
    assert_problem(response, 404)


def test_integration_token_needs_people_write_scope(
    client: TestClient, auth: HeaderFactory
) -> None:
    csv = "external_id;name\nINT-1;Ida Ærenlund\n".encode()
    bulk = {"people": [{"external_id": "INT-2", "name": "Jens Ødegaard"}]}
    before = all_items(client, PEOPLE, hr(auth))
    for scope in ("people:read", "org-units:write", "people:read org-units:read"):
        headers = auth(HEDENSTED, "integration", scope=scope, sub=f"intranet-{scope}")
        assert_problem(client.post(IMPORT, content=csv, headers=headers), 403)
        assert_problem(client.post(BULK, json=bulk, headers=headers), 403)
        assert_problem(client.post(PEOPLE, json=SØREN, headers=headers), 403)
    after = all_items(client, PEOPLE, hr(auth))
    assert not any(p["external_id"] for p in after)  # only the callers' own sign-in rows
    assert {p["id"] for p in before} <= {p["id"] for p in after}
    writer = auth(HEDENSTED, "integration", scope="people:write", sub="intranet-sync")
    assert client.post(IMPORT, content=csv, headers=writer).json()["summary"]["created"] == 1
    assert client.post(BULK, json=bulk, headers=writer).json()["summary"]["created"] == 1
    assert client.post(PEOPLE, json=SØREN, headers=writer).status_code == 201
    names = {p["name"] for p in all_items(client, PEOPLE, hr(auth)) if p["external_id"]}
    assert names == {"Ida Ærenlund", "Jens Ødegaard", "Søren Ærø Åkjær"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "Anne", "email": "anne"},
        {"name": "Anne", "email": "anne@"},
        {"name": "Anne", "email": "anne hansen@hedensted.dk"},
        {"name": "Anne", "email": "a@" + "b" * 320 + ".dk"},
        {"name": "Anne", "job_title": "x" * 201},
        {"name": "Anne\nHansen"},
        {"name": "Anne", "org_unit_id": "Bærum"},
        {"name": "Anne", "subject": "dev|anne"},
    ],
)
def test_invalid_person_is_refused(
    client: TestClient, auth: HeaderFactory, body: dict[str, Any]
) -> None:
    before = all_items(client, PEOPLE, hr(auth))
    assert_problem(client.post(PEOPLE, json=body, headers=hr(auth)), 422)
    assert all_items(client, PEOPLE, hr(auth)) == before


def test_org_unit_of_a_person_must_exist_in_the_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    horsens_unit = make_unit(client, auth, "Horsens", "forvaltning", tenant=HORSENS)
    person = make_person(client, auth, "Anne")
    for unit_id in (str(uuid.uuid4()), horsens_unit["id"]):
        assert_problem(
            client.post(PEOPLE, json={"name": "Bo", "org_unit_id": unit_id}, headers=hr(auth)),
            404,
        )
        item = f"{PEOPLE}/{person['id']}"
        patch = {"org_unit_id": unit_id, "name": "Omdøbt"}
        assert_problem(client.patch(item, json=patch, headers=hr(auth)), 404)
        assert client.get(item, headers=hr(auth)).json() == person
    assert [p["name"] for p in all_items(client, PEOPLE, hr(auth), q="Bo")] == []


def test_external_id_of_a_person_is_unique_within_the_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    make_person(client, auth, "Anne", external_id="HR-1")
    bo = make_person(client, auth, "Bo", external_id="HR-2")
    assert_problem(
        client.post(PEOPLE, json={"name": "Carl", "external_id": "HR-1"}, headers=hr(auth)), 409
    )
    item = f"{PEOPLE}/{bo['id']}"
    assert_problem(client.patch(item, json={"external_id": "HR-1"}, headers=hr(auth)), 409)
    assert client.get(item, headers=hr(auth)).json() == bo
    make_person(client, auth, "Anne i Horsens", tenant=HORSENS, external_id="HR-1")


def test_patch_changes_only_the_fields_sent(client: TestClient, auth: HeaderFactory) -> None:
    unit = make_unit(client, auth, "Læring", "forvaltning")
    person = make_person(client, auth, "Anne", email="anne@hedensted.dk", job_title="Lærer")
    response = client.patch(
        f"{PEOPLE}/{person['id']}",
        json={"job_title": "Skoleleder", "org_unit_id": unit["id"]},
        headers=hr(auth),
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["job_title"] == "Skoleleder" and updated["org_unit_id"] == unit["id"]
    assert updated["email"] == "anne@hedensted.dk" and updated["name"] == "Anne"
    assert updated["updated_at"] >= person["updated_at"]
    assert_problem(
        client.patch(f"{PEOPLE}/{person['id']}", json={"email": None}, headers=hr(auth)), 422
    )


def test_list_filters_by_unit_external_id_and_text_ignoring_case(
    client: TestClient, auth: HeaderFactory
) -> None:
    unit = make_unit(client, auth, "Bærum", "forvaltning")
    søren = make_person(client, auth, "Søren Ærø Åkjær", unit, email="sak@hedensted.dk")
    østergaard = make_person(client, auth, "Else Østergaard", external_id="HR-9")
    make_person(client, auth, "Bo 100%_sikker", email="bo@horsens.dk")
    headers = hr(auth)

    def names(**params: Any) -> list[str]:
        return [p["name"] for p in all_items(client, PEOPLE, headers, **params)]

    assert names(org_unit_id=unit["id"]) == [søren["name"]]
    assert names(external_id="HR-9") == [østergaard["name"]]
    assert names(q="SØREN") == [søren["name"]]
    assert names(q="ærø åk") == [søren["name"]]
    assert names(q="østergaard") == [østergaard["name"]]
    assert names(q="HEDENSTED.DK") == [søren["name"]]
    assert names(q="100%_") == ["Bo 100%_sikker"]
    assert names(q="%") == ["Bo 100%_sikker"]
    assert names(q="[ø") == []
    assert names(q="*") == []
    everyone = names()
    assert everyone == sorted(everyone)
    assert {"Bo 100%_sikker", "Else Østergaard", "Søren Ærø Åkjær"} <= set(everyone)
    assert_problem(client.get(PEOPLE, params={"q": "a\x00"}, headers=headers), 422)
    assert_problem(client.get(PEOPLE, params={"in_my_teem": "true"}, headers=headers), 422)


def test_people_are_paged_by_name_without_repeats(client: TestClient, auth: HeaderFactory) -> None:
    for name in ["Åse", "Anne", "Bo", "Anne", "Æbbe", "Carl", "Ørjan"]:
        make_person(client, auth, name)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get(PEOPLE, params=params, headers=hr(auth)).json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [p["id"] for p in all_items(client, PEOPLE, hr(auth))]
    assert len(set(seen)) == 7 + 1  # and the hr_admin caller, provisioned at sign-in


def test_leaders_team_includes_units_below_theirs(client: TestClient, auth: HeaderFactory) -> None:
    forvaltning = make_unit(client, auth, "Fritid & Fællesskab", "forvaltning")
    afdeling = make_unit(client, auth, "Bærum Børnehus", "afdeling", forvaltning)
    team = make_unit(client, auth, "Team Æblehaven", "team", afdeling)
    subteam = make_unit(client, auth, "Team Østre", "team", team)
    other = make_unit(client, auth, "Anden afdeling", "afdeling", forvaltning)
    leader_headers = auth(HEDENSTED, "leader", sub="lene-leder")
    lene = me(client, leader_headers)
    set_unit = {"org_unit_id": afdeling["id"]}
    assert (
        client.patch(f"{PEOPLE}/{lene['id']}", json=set_unit, headers=hr(auth)).status_code == 200
    )
    in_afdeling = make_person(client, auth, "Anne", afdeling)
    in_team = make_person(client, auth, "Bo", team)
    in_subteam = make_person(client, auth, "Carl", subteam)
    make_person(client, auth, "Dorte", other)
    make_person(client, auth, "Erik", forvaltning)
    make_person(client, auth, "Frida")
    lead = {"leader_ids": [lene["id"]]}
    assert client.patch(f"{UNITS}/{afdeling['id']}", json=lead, headers=hr(auth)).status_code == 200

    team_names = [p["name"] for p in all_items(client, PEOPLE, leader_headers, in_my_team="true")]
    assert team_names == sorted(
        [in_afdeling["name"], in_team["name"], in_subteam["name"], lene["name"]]
    )
    everyone = all_items(client, PEOPLE, leader_headers, in_my_team="false")
    assert len(everyone) == 7 + 1  # and the hr_admin caller, provisioned at sign-in
    narrowed = all_items(client, PEOPLE, leader_headers, in_my_team="true", q="carl")
    assert [p["id"] for p in narrowed] == [in_subteam["id"]]


def test_someone_who_leads_no_unit_has_an_empty_team(
    client: TestClient, auth: HeaderFactory
) -> None:
    unit = make_unit(client, auth, "Læring", "forvaltning")
    make_person(client, auth, "Anne", unit)
    for role in ("leader", "participant", "hr_admin"):
        assert all_items(client, PEOPLE, auth(HEDENSTED, role), in_my_team="true") == []


def test_hr_admin_deletes_a_person_and_their_leadership(
    client: TestClient, auth: HeaderFactory, engine: Engine
) -> None:
    person = make_person(client, auth, "Anne")
    unit = make_unit(client, auth, "Læring", "forvaltning", leader_ids=[person["id"]])
    assert client.delete(f"{PEOPLE}/{person['id']}", headers=hr(auth)).status_code == 204
    assert_problem(client.get(f"{PEOPLE}/{person['id']}", headers=hr(auth)), 404)
    assert client.get(f"{UNITS}/{unit['id']}", headers=hr(auth)).json()["leader_ids"] == []
    with system_session(engine) as session:
        assert session.exec(select(OrgUnitLeader)).all() == []


def test_person_referenced_elsewhere_cannot_be_deleted(
    client: TestClient, auth: HeaderFactory, engine: Engine, settings: Settings
) -> None:
    person = make_person(client, auth, "Fie Facilitator")
    unit = make_unit(client, auth, "Læring", "forvaltning", leader_ids=[person["id"]])
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        programme = Programme(title="Ledelse i praksis", kind=next(iter(ProgrammeKind)))
        session.add(programme)
        session.flush()
        cohort = Cohort(programme_id=programme.id, name="Hold 1", capacity=24)
        session.add(cohort)
        session.flush()
        session.add(CohortFacilitator(cohort_id=cohort.id, person_id=uuid.UUID(person["id"])))
    problem = assert_problem(client.delete(f"{PEOPLE}/{person['id']}", headers=hr(auth)), 409)
    assert "Fie Facilitator" in problem["detail"]
    assert client.get(f"{PEOPLE}/{person['id']}", headers=hr(auth)).json() == person
    assert client.get(f"{UNITS}/{unit['id']}", headers=hr(auth)).json()["leader_ids"] == [
        person["id"]
    ]
    with system_session(engine) as session:
        assert len(session.exec(select(Person)).all()) == 2  # Fie and the hr_admin caller


def test_a_bad_cursor_is_refused_also_for_an_empty_team(
    client: TestClient, auth: HeaderFactory
) -> None:
    params = {"in_my_team": "true", "cursor": "null"}
    assert_problem(client.get(PEOPLE, params=params, headers=auth(HEDENSTED, "leader")), 422)


def test_list_by_ids_gives_those_of_the_municipality_only(
    client: TestClient, auth: HeaderFactory
) -> None:
    anne = make_person(client, auth, "Anne")
    make_person(client, auth, "Bo")
    carl = make_person(client, auth, "Carl")
    horsens = make_person(client, auth, "Dorte i Horsens", tenant=HORSENS)
    headers = auth(HEDENSTED, "participant")
    wanted = [carl["id"], anne["id"], horsens["id"], str(uuid.uuid4())]
    response = client.get(PEOPLE, params={"id": wanted}, headers=headers)
    assert response.status_code == 200, response.text
    assert [person["name"] for person in response.json()["items"]] == ["Anne", "Carl"]
    too_many = [str(uuid.uuid4()) for _ in range(201)]
    assert_problem(client.get(PEOPLE, params={"id": too_many}, headers=headers), 422)
    assert_problem(client.get(PEOPLE, params={"id": "not-a-uuid"}, headers=headers), 422)
