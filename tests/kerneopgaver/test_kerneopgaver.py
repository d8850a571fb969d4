"""Kerneopgaver: HR owns them, every role of the municipality reads them."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HORSENS, HeaderFactory

URL = "/api/v1/kerneopgaver"
FRITID = {
    "title": "Fritid & Fællesskab",
    "citizen_outcome": "At man både kan bidrage til og deltage i fællesskabet.",
    "description": "Æblehaven, Bærum og Øster Snede",
    "position": 1,
}


def create(client: TestClient, auth: HeaderFactory, body: dict[str, Any] | None = None) -> Any:
    response = client.post(URL, json=body or FRITID, headers=auth(HEDENSTED, "hr_admin"))
    assert response.status_code == 201, response.text
    return response.json()


def test_hr_admin_creates_and_reads_back_danish_text_exactly(
    client: TestClient, auth: HeaderFactory
) -> None:
    created = create(client, auth)
    assert created["title"] == "Fritid & Fællesskab"
    assert created["description"] == "Æblehaven, Bærum og Øster Snede"
    assert created["active"] is True
    response = client.get(f"{URL}/{created['id']}", headers=auth(HEDENSTED, "participant"))
    assert response.status_code == 200
    assert response.json() == created
    assert "Fællesskab".encode() in response.content
    assert response.headers["content-type"].startswith("application/json")


def test_created_kerneopgave_has_location_and_offset_timestamps(
    client: TestClient, auth: HeaderFactory
) -> None:
    response = client.post(URL, json=FRITID, headers=auth(HEDENSTED, "hr_admin"))
    body = response.json()
    assert response.headers["location"] == f"{URL}/{body['id']}"
    assert body["created_at"].endswith(("Z", "+00:00"))


@pytest.mark.parametrize("role", ["participant", "leader", "facilitator"])
def test_every_municipal_role_reads_but_only_hr_admin_writes(
    client: TestClient, auth: HeaderFactory, role: str
) -> None:
    created = create(client, auth)
    headers = auth(HEDENSTED, role)
    assert client.get(URL, headers=headers).json()["items"][0]["id"] == created["id"]
    assert client.post(URL, json={**FRITID, "title": "Læring"}, headers=headers).status_code == 403
    item = f"{URL}/{created['id']}"
    assert client.patch(item, json={"active": False}, headers=headers).status_code == 403
    assert client.delete(item, headers=headers).status_code == 403
    assert client.get(item, headers=headers).json()["active"] is True


def test_role_without_write_permission_gets_404_for_a_missing_item(
    client: TestClient, auth: HeaderFactory
) -> None:
    missing = f"{URL}/01a20da9-9150-7f07-bada-fea0aca9ac24"
    response = client.patch(missing, json={"active": False}, headers=auth(HEDENSTED, "participant"))
    assert response.status_code == 404


def test_integration_token_reads_only_with_its_scope(
    client: TestClient, auth: HeaderFactory
) -> None:
    create(client, auth)
    with_scope = auth(HEDENSTED, "integration", scope="kerneopgaver:read")
    without_scope = auth(HEDENSTED, "integration", scope="people:write")
    assert client.get(URL, headers=with_scope).status_code == 200
    assert client.get(URL, headers=without_scope).status_code == 403
    assert client.post(URL, json=FRITID, headers=with_scope).status_code == 403


def test_patch_changes_only_the_fields_sent(client: TestClient, auth: HeaderFactory) -> None:
    created = create(client, auth)
    response = client.patch(
        f"{URL}/{created['id']}",
        json={"citizen_outcome": "At borgeren deltager i fællesskabet.", "active": False},
        headers=auth(HEDENSTED, "hr_admin"),
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["citizen_outcome"] == "At borgeren deltager i fællesskabet."
    assert updated["active"] is False
    assert updated["title"] == created["title"]
    assert updated["updated_at"] >= created["updated_at"]


@pytest.mark.parametrize(
    "body",
    [
        {"title": None},
        {"title": ""},
        {"position": -1},
        {"colour": "red"},
        {"citizen_outcome": "   "},
    ],
)
def test_invalid_patch_is_refused_and_changes_nothing(
    client: TestClient, auth: HeaderFactory, body: dict[str, Any]
) -> None:
    created = create(client, auth)
    item = f"{URL}/{created['id']}"
    response = client.patch(item, json=body, headers=auth(HEDENSTED, "hr_admin"))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"]
    assert client.get(item, headers=auth(HEDENSTED, "hr_admin")).json() == created


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": "Læring"},
        {"title": "x" * 201, "citizen_outcome": "y"},
        {"title": "Læring", "citizen_outcome": "y", "active": "maybe"},
    ],
)
def test_invalid_create_is_refused_with_problem_details(
    client: TestClient, auth: HeaderFactory, body: dict[str, Any]
) -> None:
    response = client.post(URL, json=body, headers=auth(HEDENSTED, "hr_admin"))
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422
    assert {"type", "title", "detail", "errors"} <= problem.keys()
    assert client.get(URL, headers=auth(HEDENSTED, "hr_admin")).json()["items"] == []


def test_duplicate_title_in_same_municipality_conflicts(
    client: TestClient, auth: HeaderFactory
) -> None:
    create(client, auth)
    response = client.post(URL, json=FRITID, headers=auth(HEDENSTED, "hr_admin"))
    assert response.status_code == 409
    assert response.json()["type"].endswith("conflict")


def test_same_title_in_another_municipality_is_its_own(
    client: TestClient, auth: HeaderFactory
) -> None:
    create(client, auth)
    response = client.post(URL, json=FRITID, headers=auth(HORSENS, "hr_admin"))
    assert response.status_code == 201
    hedensted = client.get(URL, headers=auth(HEDENSTED, "participant")).json()["items"]
    horsens = client.get(URL, headers=auth(HORSENS, "participant")).json()["items"]
    assert len(hedensted) == len(horsens) == 1
    assert hedensted[0]["id"] != horsens[0]["id"]


def test_delete_removes_the_kerneopgave(client: TestClient, auth: HeaderFactory) -> None:
    created = create(client, auth)
    item = f"{URL}/{created['id']}"
    assert client.delete(item, headers=auth(HEDENSTED, "hr_admin")).status_code == 204
    assert client.get(item, headers=auth(HEDENSTED, "hr_admin")).status_code == 404


def test_list_is_ordered_by_position_and_filters_on_active(
    client: TestClient, auth: HeaderFactory
) -> None:
    for position, title in [(3, "Beskæftigelse"), (1, "Fritid"), (2, "Læring")]:
        create(client, auth, {"title": title, "citizen_outcome": "…", "position": position})
    client.patch(
        f"{URL}/{client.get(URL, headers=auth()).json()['items'][1]['id']}",
        json={"active": False},
        headers=auth(),
    )
    titles = [k["title"] for k in client.get(URL, headers=auth()).json()["items"]]
    assert titles == ["Fritid", "Læring", "Beskæftigelse"]
    active = client.get(URL, params={"active": "true"}, headers=auth()).json()["items"]
    assert [k["title"] for k in active] == ["Fritid", "Beskæftigelse"]
