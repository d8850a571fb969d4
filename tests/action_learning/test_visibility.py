"""Who sees a project: its owners, their learning group in the project's cohort, their
leaders (also of the units above), the cohort's facilitators and HR — nobody else."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.action_learning.helpers import (
    BASE,
    World,
    build_world,
    create_project,
    create_trial_action,
)
from tests.conftest import HEDENSTED, HeaderFactory

SEES = [
    ("owner", ("participant",)),
    ("peer", ("participant",)),
    ("team-leader", ("leader",)),
    ("dept-leader", ("leader",)),
    ("facilitator", ("facilitator",)),
    ("hr", ("hr_admin",)),
]
DOES_NOT_SEE = [
    ("stranger", ("participant",)),
    ("other-leader", ("leader",)),
    ("other-facilitator", ("facilitator",)),
    ("colleague", ("participant",)),
]


def _ids(client: TestClient, headers: dict[str, str], **query: str) -> set[str]:
    response = client.get(BASE, params=query, headers=headers)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def _arrange(client: TestClient, auth: HeaderFactory) -> tuple[World, str, str]:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    action = create_trial_action(client, auth, world, project["id"])
    return world, project["id"], action["id"]


@pytest.mark.parametrize(("sub", "roles"), SEES, ids=[sub for sub, _ in SEES])
def test_project_is_visible_to_owner_group_leaders_facilitator_and_hr(
    client: TestClient, auth: HeaderFactory, sub: str, roles: tuple[str, ...]
) -> None:
    world, project_id, action_id = _arrange(client, auth)
    headers = world.headers(auth, sub, *roles)

    assert client.get(f"{BASE}/{project_id}", headers=headers).status_code == 200
    assert project_id in _ids(client, headers)
    actions = client.get(f"{BASE}/{project_id}/trial-actions", headers=headers)
    assert actions.status_code == 200
    assert [item["id"] for item in actions.json()["items"]] == [action_id]
    action = client.get(f"{BASE}/{project_id}/trial-actions/{action_id}", headers=headers)
    assert action.status_code == 200


@pytest.mark.parametrize(("sub", "roles"), DOES_NOT_SEE, ids=[sub for sub, _ in DOES_NOT_SEE])
def test_project_is_hidden_from_everyone_else(
    client: TestClient, auth: HeaderFactory, sub: str, roles: tuple[str, ...]
) -> None:
    world, project_id, action_id = _arrange(client, auth)
    headers = world.headers(auth, sub, *roles)

    assert client.get(f"{BASE}/{project_id}", headers=headers).status_code == 404
    assert project_id not in _ids(client, headers)
    assert client.get(f"{BASE}/{project_id}/trial-actions", headers=headers).status_code == 404
    action = client.get(f"{BASE}/{project_id}/trial-actions/{action_id}", headers=headers)
    assert action.status_code == 404


def test_a_hidden_project_cannot_be_changed_and_answers_404(
    client: TestClient, auth: HeaderFactory
) -> None:
    world, project_id, action_id = _arrange(client, auth)
    headers = world.headers(auth, "stranger")

    patched = client.patch(f"{BASE}/{project_id}", json={"title": "Kapret"}, headers=headers)
    deleted = client.delete(f"{BASE}/{project_id}", headers=headers)
    added = client.post(
        f"{BASE}/{project_id}/trial-actions", json={"title": "Kapret"}, headers=headers
    )
    assert (patched.status_code, deleted.status_code, added.status_code) == (404, 404, 404)
    after = client.get(f"{BASE}/{project_id}", headers=world.headers(auth, "owner"))
    assert after.json()["title"] == "Borgeren som medskaber"
    actions = client.get(f"{BASE}/{project_id}/trial-actions", headers=world.headers(auth, "owner"))
    assert [item["id"] for item in actions.json()["items"]] == [action_id]


def test_learning_group_sees_only_projects_in_the_groups_cohort(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    elsewhere = create_project(client, auth, world, cohort_id=world.other_cohort_id)
    without_cohort = create_project(client, auth, world, cohort_id=None)
    in_cohort = create_project(client, auth, world)

    seen = _ids(client, world.headers(auth, "peer"))

    assert seen == {in_cohort["id"]}
    assert elsewhere["id"] not in seen and without_cohort["id"] not in seen


def test_facilitator_sees_the_projects_of_their_own_cohort_only(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    mine = create_project(client, auth, world)
    other = create_project(client, auth, world, cohort_id=world.other_cohort_id)

    assert _ids(client, world.headers(auth, "facilitator", "facilitator")) == {mine["id"]}
    other_seen = _ids(client, world.headers(auth, "other-facilitator", "facilitator"))
    assert other_seen == {other["id"]}


def test_integration_token_sees_no_projects(client: TestClient, auth: HeaderFactory) -> None:
    world, project_id, action_id = _arrange(client, auth)
    token = auth(HEDENSTED, "integration", scope="people:read org-units:read", sub="intranet")

    assert client.get(BASE, headers=token).status_code == 403
    assert client.get(f"{BASE}/{project_id}", headers=token).status_code in (403, 404)
    action = client.get(f"{BASE}/{project_id}/trial-actions/{action_id}", headers=token)
    assert action.status_code in (403, 404)
    assert client.get(f"{BASE}/team-overview", headers=token).status_code == 403
    assert world.people  # the municipality is arranged


def test_mine_and_team_filters(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    owners = create_project(client, auth, world)
    peers = create_project(client, auth, world, sub="peer")

    assert _ids(client, world.headers(auth, "owner"), mine="true") == {owners["id"]}
    assert _ids(client, world.headers(auth, "owner")) == {owners["id"], peers["id"]}
    leader = world.headers(auth, "dept-leader", "leader")
    assert _ids(client, leader, team="true") == {owners["id"]}
    assert _ids(client, world.headers(auth, "other-leader", "leader"), team="true") == {peers["id"]}
    assert _ids(client, world.headers(auth, "stranger"), team="true") == set()


@pytest.mark.parametrize(("sub", "roles"), SEES, ids=[sub for sub, _ in SEES])
def test_the_team_challenge_from_the_nomination_shows_on_the_project(
    client: TestClient, auth: HeaderFactory, sub: str, roles: tuple[str, ...]
) -> None:
    """Issue 18: the leader's team challenge reaches the participant's project, for everyone
    who sees the project (the learning group among them)."""
    world, project_id, _action_id = _arrange(client, auth)
    headers = world.headers(auth, sub, *roles)
    expected = [{"person_id": world.people["owner"], "text": "Samskabelse med borgerne"}]
    assert client.get(f"{BASE}/{project_id}", headers=headers).json()["team_challenges"] == expected
    listed = client.get(BASE, headers=headers).json()["items"]
    assert [item["team_challenges"] for item in listed if item["id"] == project_id] == [expected]


def test_a_project_outside_a_cohort_carries_no_team_challenge(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world, cohort_id=None)
    assert project["team_challenges"] == []
