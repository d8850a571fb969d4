"""Competence frameworks (fagprofiler): HR owns them, every role of the municipality reads them."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.competences.factories import FRAMEWORKS, PROFILE, create_framework
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory

HR = ("hr_admin",)
MISSING_ID = "01a20da9-9150-7f07-bada-fea0aca9ac24"


def create_kerneopgave(
    client: TestClient, auth: HeaderFactory, title: str, tenant: str = HEDENSTED
) -> str:
    response = client.post(
        "/api/v1/kerneopgaver",
        json={"title": title, "citizen_outcome": "Bevægelsen for borgeren."},
        headers=auth(tenant, "hr_admin"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def frameworks(client: TestClient, auth: HeaderFactory, tenant: str = HEDENSTED) -> Any:
    return client.get(FRAMEWORKS, params={"limit": 200}, headers=auth(tenant, "hr_admin")).json()


def test_profile_is_created_with_its_competences_in_order_and_read_back_exactly(
    client: TestClient, auth: HeaderFactory
) -> None:
    laering = create_kerneopgave(client, auth, "Læring")
    body = {
        **PROFILE,
        "competences": [
            {"title": "Digital vejledning", "kerneopgave_ids": [laering]},
            {
                "title": "Samskabelse med borgere og erhverv",
                "description": "Fællesskab & Æblehaven",
            },
        ],
    }
    response = client.post(FRAMEWORKS, json=body, headers=auth(HEDENSTED, "hr_admin"))
    assert response.status_code == 201, response.text
    framework = response.json()
    assert response.headers["location"] == f"{FRAMEWORKS}/{framework['id']}"
    assert framework["source"] == PROFILE["source"]
    assert [(c["position"], c["title"]) for c in framework["competences"]] == [
        (1, "Digital vejledning"),
        (2, "Samskabelse med borgere og erhverv"),
    ]
    assert framework["competences"][0]["kerneopgave_ids"] == [laering]
    assert framework["competences"][1]["description"] == "Fællesskab & Æblehaven"
    for role in ("participant", "leader", "facilitator"):
        read = client.get(f"{FRAMEWORKS}/{framework['id']}", headers=auth(HEDENSTED, role))
        assert read.status_code == 200
        assert read.json() == framework
    assert frameworks(client, auth)["items"] == [framework]


@pytest.mark.parametrize("role", ["participant", "leader", "facilitator"])
def test_only_hr_admin_writes_competence_frameworks(
    client: TestClient, auth: HeaderFactory, role: str
) -> None:
    framework = create_framework(client, auth)
    item = f"{FRAMEWORKS}/{framework['id']}"
    competence = f"{item}/competences/{framework['competences'][0]['id']}"
    headers = auth(HEDENSTED, role)
    assert client.post(FRAMEWORKS, json={"title": "Ny"}, headers=headers).status_code == 403
    assert client.patch(item, json={"title": "Ny"}, headers=headers).status_code == 403
    assert client.delete(item, headers=headers).status_code == 403
    assert (
        client.post(f"{item}/competences", json={"title": "Ny"}, headers=headers).status_code == 403
    )
    assert client.patch(competence, json={"title": "Ny"}, headers=headers).status_code == 403
    assert client.delete(competence, headers=headers).status_code == 403
    assert client.get(item, headers=headers).json() == framework


def test_role_without_write_permission_gets_404_for_a_missing_framework(
    client: TestClient, auth: HeaderFactory
) -> None:
    response = client.patch(
        f"{FRAMEWORKS}/{MISSING_ID}", json={"title": "x"}, headers=auth(HEDENSTED, "participant")
    )
    assert response.status_code == 404


def test_competence_kerneopgaver_must_exist_in_the_municipality(
    client: TestClient, auth: HeaderFactory
) -> None:
    horsens_kerneopgave = create_kerneopgave(client, auth, "Læring", tenant=HORSENS)
    for unknown in (horsens_kerneopgave, MISSING_ID):
        body = {**PROFILE, "competences": [{"title": "Vejledning", "kerneopgave_ids": [unknown]}]}
        response = client.post(FRAMEWORKS, json=body, headers=auth(HEDENSTED, "hr_admin"))
        assert response.status_code == 404, response.text
        assert unknown in response.json()["detail"]
    assert frameworks(client, auth)["items"] == []
    framework = create_framework(client, auth)
    item = f"{FRAMEWORKS}/{framework['id']}"
    competence = f"{item}/competences/{framework['competences'][0]['id']}"
    refused = client.patch(
        competence, json={"kerneopgave_ids": [horsens_kerneopgave]}, headers=auth()
    )
    assert refused.status_code == 404
    assert client.get(item, headers=auth()).json() == framework


def test_competence_kerneopgaver_are_replaced_when_sent(
    client: TestClient, auth: HeaderFactory
) -> None:
    fritid = create_kerneopgave(client, auth, "Fritid & Fællesskab")
    laering = create_kerneopgave(client, auth, "Læring")
    framework = create_framework(client, auth)
    competence = f"{FRAMEWORKS}/{framework['id']}/competences/{framework['competences'][0]['id']}"
    first = client.patch(competence, json={"kerneopgave_ids": [fritid, laering]}, headers=auth())
    assert first.json()["kerneopgave_ids"] == sorted([fritid, laering])
    second = client.patch(competence, json={"kerneopgave_ids": [laering]}, headers=auth())
    assert second.status_code == 200, second.text
    assert second.json()["kerneopgave_ids"] == [laering]
    assert second.json()["title"] == framework["competences"][0]["title"]


def test_competence_positions_stay_contiguous(client: TestClient, auth: HeaderFactory) -> None:
    framework = create_framework(client, auth)
    item = f"{FRAMEWORKS}/{framework['id']}"

    def titles() -> list[tuple[int, str]]:
        competences = client.get(item, headers=auth()).json()["competences"]
        return [(c["position"], c["title"]) for c in competences]

    first = client.post(
        f"{item}/competences", json={"title": "Kommunikation", "position": 1}, headers=auth()
    )
    assert first.status_code == 201, first.text
    assert first.headers["location"] == f"{item}/competences/{first.json()['id']}"
    last = client.post(
        f"{item}/competences", json={"title": "Faglig stolthed", "position": 99}, headers=auth()
    ).json()
    assert titles() == [
        (1, "Kommunikation"),
        (2, "Digital vejledning"),
        (3, "Den svære samtale"),
        (4, "Faglig stolthed"),
    ]
    moved = client.patch(f"{item}/competences/{last['id']}", json={"position": 2}, headers=auth())
    assert moved.json()["position"] == 2
    assert (
        client.delete(f"{item}/competences/{first.json()['id']}", headers=auth()).status_code == 204
    )
    assert titles() == [(1, "Faglig stolthed"), (2, "Digital vejledning"), (3, "Den svære samtale")]
    listed = client.get(f"{item}/competences", params={"limit": 2}, headers=auth()).json()
    rest = client.get(
        f"{item}/competences", params={"limit": 2, "cursor": listed["next_cursor"]}, headers=auth()
    ).json()
    assert [c["position"] for c in listed["items"] + rest["items"]] == [1, 2, 3]
    assert rest["next_cursor"] is None


def test_titles_are_unique_per_municipality_and_per_framework(
    client: TestClient, auth: HeaderFactory
) -> None:
    framework = create_framework(client, auth)
    again = client.post(FRAMEWORKS, json=PROFILE, headers=auth())
    assert again.status_code == 409
    twin = client.post(
        f"{FRAMEWORKS}/{framework['id']}/competences",
        json={"title": "Digital vejledning"},
        headers=auth(),
    )
    assert twin.status_code == 409
    twins = {**PROFILE, "title": "Andet", "competences": [{"title": "A"}, {"title": "A"}]}
    assert client.post(FRAMEWORKS, json=twins, headers=auth()).status_code == 409
    assert client.post(FRAMEWORKS, json=PROFILE, headers=auth(HORSENS)).status_code == 201
    assert len(frameworks(client, auth)["items"]) == 1


def test_patch_changes_only_the_framework_fields_sent(
    client: TestClient, auth: HeaderFactory
) -> None:
    framework = create_framework(client, auth)
    item = f"{FRAMEWORKS}/{framework['id']}"
    response = client.patch(item, json={"source": "KL, HK og DS fagprofiler"}, headers=auth())
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["source"] == "KL, HK og DS fagprofiler"
    assert updated["title"] == framework["title"]
    assert updated["competences"] == framework["competences"]
    for body in ({"title": None}, {"title": ""}, {"colour": "red"}, {"competences": []}):
        assert client.patch(item, json=body, headers=auth()).status_code == 422
    assert client.get(item, headers=auth()).json() == updated


def test_framework_with_a_programme_goal_cannot_be_deleted(
    client: TestClient, auth: HeaderFactory
) -> None:
    framework = create_framework(client, auth)
    item = f"{FRAMEWORKS}/{framework['id']}"
    goal = framework["competences"][0]["id"]
    programme = client.post(
        "/api/v1/programmes",
        json={"title": "Specialist i borgerkontakt", "kind": "kursus", "competence_ids": [goal]},
        headers=auth(),
    ).json()
    refused = client.delete(item, headers=auth())
    assert refused.status_code == 409
    assert "goal" in refused.json()["detail"]
    assert client.delete(f"{item}/competences/{goal}", headers=auth()).status_code == 409
    assert client.get(item, headers=auth()).json() == framework
    client.patch(
        f"/api/v1/programmes/{programme['id']}", json={"competence_ids": []}, headers=auth()
    )
    assert client.delete(item, headers=auth()).status_code == 204
    assert client.get(item, headers=auth()).status_code == 404
    assert client.get(f"{item}/competences/{goal}", headers=auth()).status_code == 404


def test_frameworks_are_listed_in_cursor_pages(client: TestClient, auth: HeaderFactory) -> None:
    for title in ("Fagprofil C", "Fagprofil A", "Fagprofil B"):
        create_framework(client, auth, {"title": title})
    first = client.get(FRAMEWORKS, params={"limit": 2}, headers=auth(HEDENSTED, "participant"))
    page = first.json()
    rest = client.get(
        FRAMEWORKS, params={"limit": 2, "cursor": page["next_cursor"]}, headers=auth()
    ).json()
    assert len(page["items"]) == 2 and len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    assert sorted(f["title"] for f in page["items"] + rest["items"]) == [
        "Fagprofil A",
        "Fagprofil B",
        "Fagprofil C",
    ]
    assert frameworks(client, auth, HORSENS)["items"] == []
