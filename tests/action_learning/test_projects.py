"""Projects: owners, the one-department rule for co-owners, the phase order, completion."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from praksis.people.models import OrgUnitKind
from tests.action_learning.helpers import (
    BASE,
    build_world,
    create_project,
    create_trial_action,
)
from tests.conftest import HEDENSTED, HeaderFactory


def accept(client: TestClient, headers: dict[str, str], project: dict[str, Any]) -> Any:
    return client.post(f"{BASE}/{project['id']}/invitation/accept", headers=headers)


def _count(client: TestClient, auth: HeaderFactory) -> int:
    response = client.get(BASE, headers=auth(HEDENSTED, "hr_admin"))
    return len(response.json()["items"])


def test_creator_owns_the_project_by_default(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)

    project = create_project(client, auth, world)

    assert project["owner_ids"] == [world.people["owner"]]
    assert project["created_by_id"] == world.people["owner"]
    assert (project["phase"], project["status"], project["outcome"]) == (
        "udforske",
        "active",
        "",
    )
    location = client.get(f"{BASE}/{project['id']}", headers=world.headers(auth, "owner"))
    assert location.json() == project


def test_kerneopgave_must_exist(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    body = {"title": "X", "kerneopgave_id": str(uuid.uuid4())}

    response = client.post(BASE, json=body, headers=world.headers(auth, "owner"))

    assert response.status_code == 404
    assert _count(client, auth) == 0


def test_kerneopgave_is_required(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)

    response = client.post(BASE, json={"title": "X"}, headers=world.headers(auth, "owner"))

    assert response.status_code == 422


def test_caller_must_be_among_the_owners(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    body = {
        "title": "X",
        "kerneopgave_id": world.kerneopgave_id,
        "owner_ids": [world.people["peer"]],
    }

    response = client.post(BASE, json=body, headers=world.headers(auth, "owner"))

    assert response.status_code == 422
    assert _count(client, auth) == 0


def test_hr_may_create_a_project_for_others(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    body = {
        "title": "X",
        "kerneopgave_id": world.kerneopgave_id,
        "owner_ids": [world.people["peer"]],
    }

    response = client.post(BASE, json=body, headers=auth(HEDENSTED, "hr_admin"))

    assert response.status_code == 201
    assert response.json()["owner_ids"] == [world.people["peer"]]


def test_every_owner_must_exist(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    owners = [world.people["owner"], str(uuid.uuid4())]
    body = {"title": "X", "kerneopgave_id": world.kerneopgave_id, "owner_ids": owners}

    response = client.post(BASE, json=body, headers=world.headers(auth, "owner"))

    assert response.status_code == 404
    assert _count(client, auth) == 0


def test_co_owners_must_share_a_department_when_the_programme_requires_two_per_department(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(
        client, auth, min_participants_per_org_unit=2, min_participants_level=OrgUnitKind.afdeling
    )
    apart = [world.people["owner"], world.people["peer"]]  # Team Nord and Afdeling Syd

    create_body = {
        "title": "X",
        "kerneopgave_id": world.kerneopgave_id,
        "cohort_id": world.cohort_id,
        "owner_ids": apart,
    }
    refused = client.post(BASE, json=create_body, headers=world.headers(auth, "owner"))
    assert refused.status_code == 422
    assert _count(client, auth) == 0

    # Team Nord's leader works in Team Nord, which sits in Afdeling Nord: one department.
    together = [world.people["owner"], world.people["dept-leader"]]
    project = create_project(client, auth, world, owner_ids=together)
    assert project["invited_ids"] == [world.people["dept-leader"]]
    accepted = accept(client, world.headers(auth, "dept-leader"), project)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["owner_ids"] == sorted(together)


def test_co_owners_from_different_departments_are_fine_without_the_rule(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)

    project = create_project(
        client, auth, world, owner_ids=[world.people["owner"], world.people["peer"]]
    )
    accepted = accept(client, world.headers(auth, "peer"), project).json()

    assert sorted(accepted["owner_ids"]) == sorted([world.people["owner"], world.people["peer"]])


def test_co_owner_can_edit_and_new_owners_follow_the_department_rule(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(
        client, auth, min_participants_per_org_unit=2, min_participants_level=OrgUnitKind.afdeling
    )
    project = create_project(client, auth, world)
    url = f"{BASE}/{project['id']}"
    owner = world.headers(auth, "owner")

    refused = client.patch(
        url, json={"owner_ids": [world.people["owner"], world.people["peer"]]}, headers=owner
    )
    assert refused.status_code == 422
    added = client.patch(
        url,
        json={"owner_ids": [world.people["owner"], world.people["colleague"]]},
        headers=owner,
    )
    assert added.status_code == 200, added.text
    assert accept(client, world.headers(auth, "colleague"), project).status_code == 200

    edited = client.patch(url, json={"goal": "Ny"}, headers=world.headers(auth, "colleague"))
    assert edited.status_code == 200
    assert edited.json()["goal"] == "Ny"


@pytest.mark.parametrize(
    ("sub", "roles"),
    [("peer", ("participant",)), ("team-leader", ("leader",)), ("facilitator", ("facilitator",))],
)
def test_only_owners_and_hr_change_a_project(
    client: TestClient, auth: HeaderFactory, sub: str, roles: tuple[str, ...]
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    url = f"{BASE}/{project['id']}"
    headers = world.headers(auth, sub, *roles)

    patched = client.patch(url, json={"title": "Kapret"}, headers=headers)
    deleted = client.delete(url, headers=headers)
    added = client.post(f"{url}/trial-actions", json={"title": "Kapret"}, headers=headers)

    assert patched.status_code == 403
    assert deleted.status_code == 403
    assert added.status_code == 403
    after = client.get(url, headers=world.headers(auth, "owner"))
    assert after.json()["title"] == project["title"]
    assert client.get(f"{url}/trial-actions", headers=headers).json()["items"] == []
    hr = client.patch(url, json={"title": "Omdøbt af HR"}, headers=auth(HEDENSTED, "hr_admin"))
    assert hr.status_code == 200


def test_phase_moves_forward_one_step_or_back_any(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    url = f"{BASE}/{project['id']}"
    owner = world.headers(auth, "owner")

    skipped = client.patch(url, json={"phase": "afproeve"}, headers=owner)
    assert skipped.status_code == 409
    assert client.get(url, headers=owner).json()["phase"] == "udforske"

    for phase in ("designe", "afproeve", "evaluere"):
        response = client.patch(url, json={"phase": phase}, headers=owner)
        assert response.status_code == 200, response.text
        assert response.json()["phase"] == phase

    back = client.patch(url, json={"phase": "udforske"}, headers=owner)
    assert back.status_code == 200
    assert back.json()["phase"] == "udforske"
    assert client.patch(url, json={"phase": "evaluere"}, headers=owner).status_code == 409


def test_completing_requires_an_outcome(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    url = f"{BASE}/{project['id']}"
    owner = world.headers(auth, "owner")

    bare = client.patch(url, json={"status": "completed"}, headers=owner)
    blank = client.patch(url, json={"status": "completed", "outcome": "   "}, headers=owner)
    assert (bare.status_code, blank.status_code) == (422, 422)
    assert client.get(url, headers=owner).json()["status"] == "active"

    done = client.patch(
        url,
        json={"status": "completed", "outcome": "Borgerne planlægger nu selv fællesspisning."},
        headers=owner,
    )
    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    assert client.patch(url, json={"outcome": ""}, headers=owner).status_code == 422


def test_project_can_be_paused_and_abandoned(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    url = f"{BASE}/{project['id']}"
    owner = world.headers(auth, "owner")

    for status in ("paused", "active", "abandoned"):
        response = client.patch(url, json={"status": status}, headers=owner)
        assert response.status_code == 200
        assert response.json()["status"] == status


def test_delete_only_while_no_trial_action_is_done(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    owner = world.headers(auth, "owner")
    kept = create_project(client, auth, world)
    create_trial_action(
        client, auth, world, kept["id"], status="done", what_happened="Ti borgere kom."
    )
    gone = create_project(client, auth, world)
    create_trial_action(client, auth, world, gone["id"])

    refused = client.delete(f"{BASE}/{kept['id']}", headers=owner)
    deleted = client.delete(f"{BASE}/{gone['id']}", headers=owner)

    assert (refused.status_code, deleted.status_code) == (409, 204)
    assert client.get(f"{BASE}/{kept['id']}", headers=owner).status_code == 200
    assert client.get(f"{BASE}/{gone['id']}", headers=owner).status_code == 404


def test_list_filters_by_phase_status_and_kerneopgave(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    owner = world.headers(auth, "owner")
    first = create_project(client, auth, world)
    second = create_project(client, auth, world, cohort_id=world.other_cohort_id)
    client.patch(f"{BASE}/{second['id']}", json={"phase": "designe"}, headers=owner)

    def ids(**query: str) -> list[str]:
        response = client.get(BASE, params=query, headers=owner)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["items"]]

    assert ids(phase="designe") == [second["id"]]
    assert ids(cohort_id=world.cohort_id) == [first["id"]]
    assert ids(kerneopgave_id=world.kerneopgave_id) == [first["id"], second["id"]]
    assert ids(status="paused") == []
    assert ids(limit="1") == [first["id"]]
    page = client.get(BASE, params={"limit": 1}, headers=owner).json()
    rest = client.get(BASE, params={"limit": 1, "cursor": page["next_cursor"]}, headers=owner)
    assert [item["id"] for item in rest.json()["items"]] == [second["id"]]


# --- co-ownership by invitation (issue 16) ----------------------------------------------------


def test_a_named_co_owner_is_invited_and_owns_nothing_until_accepting(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(
        client, auth, world, owner_ids=[world.people["owner"], world.people["peer"]]
    )
    assert (project["owner_ids"], project["invited_ids"]) == (
        [world.people["owner"]],
        [world.people["peer"]],
    )
    peer = world.headers(auth, "peer")
    url = f"{BASE}/{project['id']}"
    assert client.get(url, headers=peer).status_code == 200  # sees what it is asked to join
    assert client.patch(url, json={"goal": "Mit"}, headers=peer).status_code == 403
    stranger = world.headers(auth, "colleague")
    assert accept(client, stranger, project).status_code == 404  # not visible to them

    declined = client.post(f"{url}/invitation/decline", headers=peer)
    assert declined.status_code == 204, declined.text
    assert accept(client, peer, project).status_code in (404, 409)
    after = client.get(url, headers=world.headers(auth, "owner")).json()
    assert (after["owner_ids"], after["invited_ids"]) == ([world.people["owner"]], [])


def test_only_the_creator_or_hr_removes_an_owner_and_nobody_else_removes_the_creator(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(
        client, auth, world, owner_ids=[world.people["owner"], world.people["peer"]]
    )
    url = f"{BASE}/{project['id']}"
    peer = world.headers(auth, "peer")
    assert accept(client, peer, project).status_code == 200
    taking_over = client.patch(url, json={"owner_ids": [world.people["peer"]]}, headers=peer)
    assert taking_over.status_code == 403, taking_over.text
    assert "creator" in taking_over.json()["detail"]

    owner = world.headers(auth, "owner")
    removed = client.patch(url, json={"owner_ids": [world.people["owner"]]}, headers=owner)
    assert removed.status_code == 200, removed.text
    assert removed.json()["owner_ids"] == [world.people["owner"]]

    hr = auth(HEDENSTED, "hr_admin")
    handed_over = client.patch(url, json={"owner_ids": [world.people["peer"]]}, headers=hr)
    assert handed_over.status_code == 200, handed_over.text
    assert handed_over.json()["owner_ids"] == [world.people["peer"]]


@pytest.mark.postgres_only
def test_two_accepts_of_one_invitation_at_once_make_one_owner(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(
        client, auth, world, owner_ids=[world.people["owner"], world.people["peer"]]
    )
    peer = world.headers(auth, "peer")
    start = threading.Barrier(2)
    answers: list[int] = []

    def accept_now() -> None:
        start.wait()
        answers.append(accept(client, peer, project).status_code)

    threads = [threading.Thread(target=accept_now) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(answers) == [200, 409]
    after = client.get(f"{BASE}/{project['id']}", headers=peer).json()
    assert sorted(after["owner_ids"]) == sorted([world.people["owner"], world.people["peer"]])
    assert after["invited_ids"] == []
