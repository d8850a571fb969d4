"""Trial actions (prøvehandlinger), the leader's team overview and the lookups other domains
build on."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from praksis.action_learning import service
from praksis.feedback.models import FeedbackKind, TrialActionFeedback
from praksis.programmes.models import ProgrammeModule
from tests.action_learning.helpers import (
    BASE,
    World,
    build_world,
    create_project,
    create_trial_action,
)
from tests.cohorts.helpers import add_programme, create_pair, db
from tests.conftest import HEDENSTED, HeaderFactory


def _add_module(client: TestClient, programme_id: str, title: str = "Modul 1") -> str:
    with db(client) as session:
        module = ProgrammeModule(programme_id=uuid.UUID(programme_id), title=title, position=0)
        session.add(module)
        session.flush()
        return str(module.id)


def _actions_url(project_id: str) -> str:
    return f"{BASE}/{project_id}/trial-actions"


def test_owner_plans_carries_out_and_reflects_on_a_trial_action(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    module_id = _add_module(client, world.programme_id)
    owner = world.headers(auth, "owner")

    action = create_trial_action(
        client,
        auth,
        world,
        project["id"],
        plan="Invitere borgerne til at planlægge fællesspisningen selv.",
        with_whom=["partners", "citizens", "citizens"],
        with_whom_note="Den lokale idrætsforening",
        planned_for="2026-12-03",
        module_id=module_id,
    )
    assert action["status"] == "planned"
    assert action["with_whom"] == ["citizens", "partners"]
    assert action["module_id"] == module_id

    url = f"{_actions_url(project['id'])}/{action['id']}"
    done = client.patch(
        url,
        json={
            "status": "done",
            "what_happened": "Tolv borgere kom og tog ansvar for maden.",
            "reflection": "Vi skal træde mere i baggrunden.",
        },
        headers=owner,
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done"
    assert client.get(url, headers=owner).json() == done.json()


def test_with_whom_is_colleagues_citizens_or_partners(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)

    response = client.post(
        _actions_url(project["id"]),
        json={"title": "X", "with_whom": ["politicians"]},
        headers=world.headers(auth, "owner"),
    )

    assert response.status_code == 422


def test_done_requires_what_happened(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    owner = world.headers(auth, "owner")

    created = client.post(
        _actions_url(project["id"]), json={"title": "X", "status": "done"}, headers=owner
    )
    assert created.status_code == 422
    action = create_trial_action(client, auth, world, project["id"])
    url = f"{_actions_url(project['id'])}/{action['id']}"
    patched = client.patch(url, json={"status": "done", "what_happened": " "}, headers=owner)
    assert patched.status_code == 422
    assert client.get(url, headers=owner).json()["status"] == "planned"
    listed = client.get(_actions_url(project["id"]), headers=owner).json()["items"]
    assert [item["id"] for item in listed] == [action["id"]]


def test_a_done_action_does_not_go_back_to_planned(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    owner = world.headers(auth, "owner")
    action = create_trial_action(
        client, auth, world, project["id"], status="done", what_happened="Det virkede."
    )
    url = f"{_actions_url(project['id'])}/{action['id']}"

    back = client.patch(url, json={"status": "planned"}, headers=owner)
    deleted = client.delete(url, headers=owner)

    assert (back.status_code, deleted.status_code) == (409, 409)
    assert client.get(url, headers=owner).json()["status"] == "done"
    dropped = client.patch(url, json={"status": "dropped"}, headers=owner)
    assert dropped.status_code == 200


def test_a_planned_action_can_be_dropped_replanned_and_deleted(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    owner = world.headers(auth, "owner")
    action = create_trial_action(client, auth, world, project["id"])
    url = f"{_actions_url(project['id'])}/{action['id']}"

    assert client.patch(url, json={"status": "dropped"}, headers=owner).status_code == 200
    assert client.patch(url, json={"status": "planned"}, headers=owner).status_code == 200
    assert client.delete(url, headers=owner).status_code == 204
    assert client.get(url, headers=owner).status_code == 404


def test_module_must_belong_to_the_cohorts_programme(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    loose = create_project(client, auth, world, cohort_id=None)
    foreign_module = _add_module(client, add_programme(client, title="Andet forløb"))
    own_module = _add_module(client, world.programme_id)
    owner = world.headers(auth, "owner")

    other = client.post(
        _actions_url(project["id"]), json={"title": "X", "module_id": foreign_module}, headers=owner
    )
    no_cohort = client.post(
        _actions_url(loose["id"]), json={"title": "X", "module_id": own_module}, headers=owner
    )
    missing = client.post(
        _actions_url(project["id"]),
        json={"title": "X", "module_id": str(uuid.uuid4())},
        headers=owner,
    )

    assert (other.status_code, no_cohort.status_code, missing.status_code) == (422, 422, 404)
    assert client.get(_actions_url(project["id"]), headers=owner).json()["items"] == []


def test_only_owners_and_hr_change_trial_actions(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    action = create_trial_action(client, auth, world, project["id"])
    url = f"{_actions_url(project['id'])}/{action['id']}"

    for sub, role in (("peer", "participant"), ("team-leader", "leader")):
        headers = world.headers(auth, sub, role)
        assert client.patch(url, json={"title": "Kapret"}, headers=headers).status_code == 403
        assert client.delete(url, headers=headers).status_code == 403
    facilitator = world.headers(auth, "facilitator", "facilitator")
    assert client.patch(url, json={"title": "Kapret"}, headers=facilitator).status_code == 403
    assert client.get(url, headers=world.headers(auth, "owner")).json()["title"] == action["title"]
    hr = client.patch(url, json={"title": "HR"}, headers=auth(HEDENSTED, "hr_admin"))
    assert hr.status_code == 200


def test_trial_action_of_another_project_is_not_found(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    first = create_project(client, auth, world)
    second = create_project(client, auth, world)
    action = create_trial_action(client, auth, world, first["id"])

    response = client.get(
        f"{_actions_url(second['id'])}/{action['id']}", headers=world.headers(auth, "owner")
    )

    assert response.status_code == 404


# --- the leader's view ------------------------------------------------------------------------


def _add_feedback(client: TestClient, world: World, action_id: str, kind: FeedbackKind) -> None:
    with db(client) as session:
        session.add(
            TrialActionFeedback(
                trial_action_id=uuid.UUID(action_id),
                author_id=uuid.UUID(world.people["peer"]),
                kind=kind,
                what_worked="Hemmeligt indhold",
                try_next="Hemmeligt indhold",
            )
        )


def test_team_overview_counts_trial_actions_and_feedback_without_content(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    planned = create_trial_action(client, auth, world, project["id"])
    done = create_trial_action(
        client, auth, world, project["id"], status="done", what_happened="Det lykkedes."
    )
    create_trial_action(client, auth, world, project["id"], status="dropped")
    create_trial_action(client, auth, world, project["id"])
    _add_feedback(client, world, done["id"], FeedbackKind.buddy)
    _add_feedback(client, world, done["id"], FeedbackKind.buddy)
    _add_feedback(client, world, planned["id"], FeedbackKind.learning_group)
    other = create_project(client, auth, world, sub="peer")

    for leader in ("team-leader", "dept-leader"):
        response = client.get(
            f"{BASE}/team-overview", headers=world.headers(auth, leader, "leader")
        )
        assert response.status_code == 200, response.text
        assert response.json() == {
            "items": [
                {
                    "id": project["id"],
                    "title": project["title"],
                    "phase": "udforske",
                    "status": "active",
                    "owner_ids": [world.people["owner"]],
                    "trial_actions": {"planned": 2, "done": 1, "dropped": 1},
                    "feedback": {
                        "buddy": 2,
                        "learning_group": 1,
                        "leader": 0,
                        "colleague": 0,
                        "facilitator": 0,
                    },
                }
            ],
            "next_cursor": None,
        }
    syd = client.get(f"{BASE}/team-overview", headers=world.headers(auth, "other-leader", "leader"))
    assert [item["id"] for item in syd.json()["items"]] == [other["id"]]
    assert "Hemmeligt" not in syd.text


def test_team_overview_is_for_leaders(client: TestClient, auth: HeaderFactory) -> None:
    world = build_world(client, auth)
    create_project(client, auth, world)

    response = client.get(f"{BASE}/team-overview", headers=world.headers(auth, "owner"))

    assert response.status_code == 403


# --- lookups for the feedback domain ----------------------------------------------------------


def test_lookups_name_the_owners_group_buddies_and_leaders(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    create_pair(client, auth, world.cohort_id, world.people["owner"], world.people["peer"])
    people = {sub: uuid.UUID(person) for sub, person in world.people.items()}
    owner = {people["owner"]}
    cohort = uuid.UUID(world.cohort_id)

    with db(client) as session:
        owners = service.project_owner_ids(session, uuid.UUID(project["id"]))
        group = service.learning_group_member_ids_of(session, owner, cohort)
        elsewhere = service.learning_group_member_ids_of(
            session, owner, uuid.UUID(world.other_cohort_id)
        )
        buddies = service.buddy_ids_of(session, owner, cohort)
        leaders = service.leader_ids_of(session, owner)
        syd_leaders = service.leader_ids_of(session, {people["peer"]})

    assert owners == owner
    assert group == {people["peer"], people["member-3"], people["member-4"]}
    assert elsewhere == set()
    assert buddies == {people["peer"]}
    assert leaders == {people["team-leader"], people["dept-leader"]}
    assert syd_leaders == {people["other-leader"]}
