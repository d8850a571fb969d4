"""Org units: the municipality's organisation, forvaltning → afdeling → team, owned by HR."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.people.support import (
    UNITS,
    all_items,
    assert_problem,
    hr,
    make_person,
    make_unit,
    me,
)


def build_tree(client: TestClient, auth: HeaderFactory) -> dict[str, dict[str, Any]]:
    forvaltning = make_unit(client, auth, "Fritid & Fællesskab", "forvaltning", external_id="F1")
    afdeling = make_unit(client, auth, "Bærum Børnehus", "afdeling", forvaltning)
    team = make_unit(client, auth, "Team Æblehaven", "team", afdeling)
    subteam = make_unit(client, auth, "Team Østre", "team", team)
    return {"forvaltning": forvaltning, "afdeling": afdeling, "team": team, "subteam": subteam}


def test_hr_admin_builds_the_hierarchy_and_reads_it_back_exactly(
    client: TestClient, auth: HeaderFactory
) -> None:
    response = client.post(
        UNITS,
        json={"name": "Fritid & Fællesskab", "kind": "forvaltning", "external_id": "Bærum-1"},
        headers=hr(auth),
    )
    assert response.status_code == 201, response.text
    forvaltning = response.json()
    assert response.headers["location"] == f"{UNITS}/{forvaltning['id']}"
    assert forvaltning["name"] == "Fritid & Fællesskab"
    assert forvaltning["external_id"] == "Bærum-1"
    assert forvaltning["parent_id"] is None and forvaltning["leader_ids"] == []
    assert forvaltning["created_at"].endswith(("Z", "+00:00"))
    afdeling = make_unit(client, auth, "Bærum Børnehus", "afdeling", forvaltning)
    team = make_unit(client, auth, "Team Æblehaven", "team", afdeling)
    assert afdeling["parent_id"] == forvaltning["id"] and team["parent_id"] == afdeling["id"]
    read = client.get(f"{UNITS}/{team['id']}", headers=auth(HEDENSTED, "participant"))
    assert read.status_code == 200 and read.json() == team
    assert "Æblehaven".encode() in read.content


@pytest.mark.parametrize("role", ["participant", "leader", "facilitator"])
def test_every_municipal_role_reads_org_units_but_only_hr_admin_writes(
    client: TestClient, auth: HeaderFactory, role: str
) -> None:
    unit = make_unit(client, auth, "Læring", "forvaltning")
    headers = auth(HEDENSTED, role)
    assert [u["id"] for u in all_items(client, UNITS, headers)] == [unit["id"]]
    item = f"{UNITS}/{unit['id']}"
    assert_problem(
        client.post(UNITS, json={"name": "X", "kind": "forvaltning"}, headers=headers), 403
    )
    assert_problem(client.patch(item, json={"name": "Omdøbt"}, headers=headers), 403)
    assert_problem(client.delete(item, headers=headers), 403)
    assert client.get(item, headers=headers).json() == unit
    assert len(all_items(client, UNITS, headers)) == 1


def test_role_without_write_permission_gets_404_for_a_missing_unit(
    client: TestClient, auth: HeaderFactory
) -> None:
    missing = f"{UNITS}/{uuid.uuid4()}"
    response = client.patch(missing, json={"name": "X"}, headers=auth(HEDENSTED, "participant"))
    assert_problem(response, 404)


def test_integration_token_writes_org_units_only_with_its_scope(
    client: TestClient, auth: HeaderFactory
) -> None:
    body = {"name": "Social Omsorg", "kind": "forvaltning", "external_id": "INTRA-7"}
    reader = auth(HEDENSTED, "integration", scope="org-units:read", sub="intranet-read")
    writer = auth(HEDENSTED, "integration", scope="org-units:write", sub="intranet-write")
    assert client.get(UNITS, headers=reader).status_code == 200
    assert_problem(client.post(UNITS, json=body, headers=reader), 403)
    assert client.post(UNITS, json=body, headers=writer).status_code == 201
    listed = all_items(client, UNITS, reader, external_id="INTRA-7")
    assert [u["name"] for u in listed] == ["Social Omsorg"]


def test_forvaltning_has_no_parent(client: TestClient, auth: HeaderFactory) -> None:
    top = make_unit(client, auth, "Læring", "forvaltning")
    body = {"name": "Beskæftigelse", "kind": "forvaltning", "parent_id": top["id"]}
    problem = assert_problem(client.post(UNITS, json=body, headers=hr(auth)), 409)
    assert "forvaltning" in problem["detail"]
    assert len(all_items(client, UNITS, hr(auth))) == 1


def test_afdeling_sits_under_a_forvaltning_only(client: TestClient, auth: HeaderFactory) -> None:
    tree = build_tree(client, auth)
    for parent in (None, tree["afdeling"], tree["team"]):
        body: dict[str, Any] = {"name": "Ny afdeling", "kind": "afdeling"}
        if parent is not None:
            body["parent_id"] = parent["id"]
        problem = assert_problem(client.post(UNITS, json=body, headers=hr(auth)), 409)
        assert "forvaltning" in problem["detail"]
    assert len(all_items(client, UNITS, hr(auth))) == 4


def test_team_sits_under_an_afdeling_or_a_team(client: TestClient, auth: HeaderFactory) -> None:
    tree = build_tree(client, auth)
    for parent in (None, tree["forvaltning"]):
        body: dict[str, Any] = {"name": "Nyt team", "kind": "team"}
        if parent is not None:
            body["parent_id"] = parent["id"]
        assert_problem(client.post(UNITS, json=body, headers=hr(auth)), 409)
    make_unit(client, auth, "Team A", "team", tree["afdeling"])
    make_unit(client, auth, "Team B", "team", tree["subteam"])


def test_parent_must_exist_in_the_callers_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    horsens_top = make_unit(client, auth, "Horsens Forvaltning", "forvaltning", tenant=HORSENS)
    for parent_id in (str(uuid.uuid4()), horsens_top["id"]):
        body = {"name": "Afdeling", "kind": "afdeling", "parent_id": parent_id}
        assert_problem(client.post(UNITS, json=body, headers=hr(auth)), 404)
    assert all_items(client, UNITS, hr(auth)) == []


def test_org_unit_cannot_be_its_own_ancestor(client: TestClient, auth: HeaderFactory) -> None:
    tree = build_tree(client, auth)
    team, subteam = tree["team"], tree["subteam"]
    for parent in (team, subteam):
        response = client.patch(
            f"{UNITS}/{team['id']}", json={"parent_id": parent["id"]}, headers=hr(auth)
        )
        problem = assert_problem(response, 409)
        assert "itself" in problem["detail"]
    assert client.get(f"{UNITS}/{team['id']}", headers=hr(auth)).json() == team


def test_a_unit_can_move_within_the_hierarchy(client: TestClient, auth: HeaderFactory) -> None:
    tree = build_tree(client, auth)
    other = make_unit(client, auth, "Anden afdeling", "afdeling", tree["forvaltning"])
    response = client.patch(
        f"{UNITS}/{tree['subteam']['id']}", json={"parent_id": other["id"]}, headers=hr(auth)
    )
    assert response.status_code == 200, response.text
    assert response.json()["parent_id"] == other["id"]
    assert response.json()["updated_at"] >= tree["subteam"]["updated_at"]


def test_a_new_kind_must_fit_the_parent_and_the_units_below(
    client: TestClient, auth: HeaderFactory
) -> None:
    tree = build_tree(client, auth)
    hrh = hr(auth)
    # an afdeling with teams under it cannot become a forvaltning (teams sit under afdelinger)
    afdeling = f"{UNITS}/{tree['afdeling']['id']}"
    assert_problem(client.patch(afdeling, json={"kind": "forvaltning"}, headers=hrh), 409)
    # a team under a team cannot become an afdeling (afdelinger sit under a forvaltning)
    subteam = f"{UNITS}/{tree['subteam']['id']}"
    assert_problem(client.patch(subteam, json={"kind": "afdeling"}, headers=hrh), 409)
    # a forvaltning given a parent in the same request is refused
    body = {"kind": "forvaltning", "parent_id": tree["forvaltning"]["id"]}
    assert_problem(client.patch(subteam, json=body, headers=hrh), 409)
    # moved under the forvaltning, the team can become an afdeling
    body = {"kind": "afdeling", "parent_id": tree["forvaltning"]["id"]}
    moved = client.patch(subteam, json=body, headers=hrh)
    assert moved.status_code == 200, moved.text
    assert moved.json()["kind"] == "afdeling"
    # becoming a forvaltning detaches the unit from its parent
    top = client.patch(subteam, json={"kind": "forvaltning"}, headers=hrh)
    assert top.status_code == 200, top.text
    assert top.json()["kind"] == "forvaltning" and top.json()["parent_id"] is None
    assert client.get(afdeling, headers=hrh).json() == tree["afdeling"]


def test_external_id_is_unique_within_the_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    make_unit(client, auth, "Læring", "forvaltning", external_id="FORV-1")
    other = make_unit(client, auth, "Social Omsorg", "forvaltning", external_id="FORV-2")
    body = {"name": "Beskæftigelse", "kind": "forvaltning", "external_id": "FORV-1"}
    assert_problem(client.post(UNITS, json=body, headers=hr(auth)), 409)
    item = f"{UNITS}/{other['id']}"
    assert_problem(client.patch(item, json={"external_id": "FORV-1"}, headers=hr(auth)), 409)
    assert client.get(item, headers=hr(auth)).json()["external_id"] == "FORV-2"
    make_unit(client, auth, "Horsens Læring", "forvaltning", tenant=HORSENS, external_id="FORV-1")


def test_leaders_are_set_on_create_and_replaced_as_a_whole_on_patch(
    client: TestClient, auth: HeaderFactory
) -> None:
    anne, bo, carl = (make_person(client, auth, name) for name in ("Anne", "Bo", "Carl Ørsted"))
    body = {"name": "Læring", "kind": "forvaltning", "leader_ids": [anne["id"], bo["id"]]}
    unit = client.post(UNITS, json=body, headers=hr(auth)).json()
    assert sorted(unit["leader_ids"]) == sorted([anne["id"], bo["id"]])
    item = f"{UNITS}/{unit['id']}"
    replaced = client.patch(item, json={"leader_ids": [carl["id"], carl["id"]]}, headers=hr(auth))
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["leader_ids"] == [carl["id"]]
    renamed = client.patch(item, json={"name": "Læring og Trivsel"}, headers=hr(auth)).json()
    assert renamed["leader_ids"] == [carl["id"]]
    cleared = client.patch(item, json={"leader_ids": []}, headers=hr(auth)).json()
    assert cleared["leader_ids"] == []
    listed = all_items(client, UNITS, auth(HEDENSTED, "participant"))
    assert listed == [cleared]


def test_only_hr_appoints_leaders_an_integration_syncs_the_tree_without_them(
    client: TestClient, auth: HeaderFactory
) -> None:
    anne, bo = (make_person(client, auth, name) for name in ("Anne", "Bo"))
    unit = make_unit(client, auth, "Læring", "forvaltning", leader_ids=[anne["id"]])
    item = f"{UNITS}/{unit['id']}"
    sync = auth(HEDENSTED, "integration", scope="org-units:write")
    appoint = {"name": "Børn og Læring", "leader_ids": [bo["id"]]}
    assert_problem(client.patch(item, json=appoint, headers=sync), 403)
    body = {"name": "Ny", "kind": "forvaltning", "leader_ids": [bo["id"]]}
    assert_problem(client.post(UNITS, json=body, headers=sync), 403)
    assert client.get(item, headers=hr(auth)).json() == unit  # nothing changed
    # the same leaders, sent back by a whole-object sync, are no appointment
    same = client.patch(
        item, json={"name": "Børn og Læring", "leader_ids": [anne["id"]]}, headers=sync
    )
    assert same.status_code == 200, same.text
    assert same.json()["leader_ids"] == [anne["id"]]
    unled = client.post(UNITS, json={"name": "Ny", "kind": "forvaltning"}, headers=sync)
    assert unled.status_code == 201, unled.text


def test_leader_must_be_a_person_of_the_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    anne = make_person(client, auth, "Anne")
    horsens_person = make_person(client, auth, "Hans fra Horsens", tenant=HORSENS)
    unit = make_unit(client, auth, "Læring", "forvaltning", leader_ids=[anne["id"]])
    item = f"{UNITS}/{unit['id']}"
    for stranger in (str(uuid.uuid4()), horsens_person["id"]):
        body = {"name": "Nyt", "kind": "forvaltning", "leader_ids": [stranger]}
        assert_problem(client.post(UNITS, json=body, headers=hr(auth)), 404)
        patch = {"leader_ids": [anne["id"], stranger], "name": "Omdøbt"}
        assert_problem(client.patch(item, json=patch, headers=hr(auth)), 404)
    assert client.get(item, headers=hr(auth)).json() == unit
    assert len(all_items(client, UNITS, hr(auth))) == 1


def test_unit_with_people_or_units_below_cannot_be_deleted(
    client: TestClient, auth: HeaderFactory
) -> None:
    tree = build_tree(client, auth)
    person = make_person(client, auth, "Søren", tree["subteam"])
    subteam = f"{UNITS}/{tree['subteam']['id']}"
    problem = assert_problem(client.delete(subteam, headers=hr(auth)), 409)
    assert "Team Østre" in problem["detail"]
    assert_problem(client.delete(f"{UNITS}/{tree['team']['id']}", headers=hr(auth)), 409)
    assert len(all_items(client, UNITS, hr(auth))) == 4
    moved = client.patch(
        f"/api/v1/people/{person['id']}",
        json={"org_unit_id": tree["team"]["id"]},
        headers=hr(auth),
    )
    assert moved.status_code == 200
    assert client.delete(subteam, headers=hr(auth)).status_code == 204
    assert_problem(client.get(subteam, headers=hr(auth)), 404)


def test_deleting_a_led_unit_removes_its_leaders_not_the_people(
    client: TestClient, auth: HeaderFactory
) -> None:
    leader = make_person(client, auth, "Lene Leder")
    unit = make_unit(client, auth, "Læring", "forvaltning", leader_ids=[leader["id"]])
    assert client.delete(f"{UNITS}/{unit['id']}", headers=hr(auth)).status_code == 204
    assert client.get(f"/api/v1/people/{leader['id']}", headers=hr(auth)).json() == leader


def test_list_filters_by_parent_kind_and_external_id_and_pages_by_name(
    client: TestClient, auth: HeaderFactory
) -> None:
    tree = build_tree(client, auth)
    extra = [make_unit(client, auth, f"Team {n}", "team", tree["afdeling"]) for n in "CBA"]
    headers = auth(HEDENSTED, "leader")
    children = all_items(client, UNITS, headers, parent_id=tree["afdeling"]["id"])
    assert [u["name"] for u in children] == ["Team A", "Team B", "Team C", "Team Æblehaven"]
    teams = all_items(client, UNITS, headers, kind="team")
    assert len(teams) == 5
    assert [u["id"] for u in all_items(client, UNITS, headers, external_id="F1")] == [
        tree["forvaltning"]["id"]
    ]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(UNITS, params=params, headers=headers).json()
        seen += [u["id"] for u in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [u["id"] for u in all_items(client, UNITS, headers)]
    assert len(seen) == 4 + len(extra)
    assert_problem(client.get(UNITS, params={"kind": "kontor"}, headers=headers), 422)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": "Læring"},
        {"name": "", "kind": "forvaltning"},
        {"name": "   ", "kind": "forvaltning"},
        {"name": "Læring", "kind": "kontor"},
        {"name": "Læring\x00", "kind": "forvaltning"},
        {"name": "x" * 201, "kind": "forvaltning"},
        {"name": "Læring", "kind": "forvaltning", "colour": "red"},
        {"name": "Læring", "kind": "forvaltning", "leader_ids": ["not-a-uuid"]},
        {"name": "Læring", "kind": "forvaltning", "external_id": ""},
    ],
)
def test_invalid_org_unit_is_refused(
    client: TestClient, auth: HeaderFactory, body: dict[str, Any]
) -> None:
    problem = assert_problem(client.post(UNITS, json=body, headers=hr(auth)), 422)
    assert problem["errors"]
    assert all_items(client, UNITS, hr(auth)) == []


@pytest.mark.parametrize(
    "body", [{"name": None}, {"parent_id": None}, {"leader_ids": None}, {"kind": "kontor"}]
)
def test_invalid_org_unit_patch_changes_nothing(
    client: TestClient, auth: HeaderFactory, body: dict[str, Any]
) -> None:
    unit = make_unit(client, auth, "Læring", "forvaltning")
    item = f"{UNITS}/{unit['id']}"
    assert_problem(client.patch(item, json=body, headers=hr(auth)), 422)
    assert client.get(item, headers=hr(auth)).json() == unit


def test_a_leader_sees_the_units_they_lead_in_the_read_model(
    client: TestClient, auth: HeaderFactory
) -> None:
    leader_headers = auth(HEDENSTED, "leader", sub="lene")
    lene = me(client, leader_headers)
    unit = make_unit(client, auth, "Læring", "forvaltning", leader_ids=[lene["id"]])
    assert client.get(f"{UNITS}/{unit['id']}", headers=leader_headers).json()["leader_ids"] == [
        lene["id"]
    ]
