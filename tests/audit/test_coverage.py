"""The audit trail covers the changes HR and participants make to the municipality's plan and
structure: programmes, cohorts, workshops, action-learning projects and their co-owners, org
units and competence frameworks. Each leaves an event naming who did it and to what, a refused
request leaves none, and a project's texts (which an erasure clears) are named, never kept."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from praksis.people.models import OrgUnitKind
from tests.action_learning.helpers import BASE as PROJECTS
from tests.action_learning.helpers import World, build_world, create_project
from tests.audit.test_audit import events, me
from tests.cohorts.helpers import add_org_unit, add_person, add_programme, create_cohort, hr
from tests.conftest import HeaderFactory
from tests.workshops.helpers import WORKSHOPS, Arrange, workshop_body

API = "/api/v1"
NOT_KEPT = "(not kept)"


def summary(
    client: TestClient, auth: HeaderFactory, object_id: str
) -> list[tuple[str, str | None, dict[str, Any], dict[str, Any]]]:
    """The object's events as (action, actor, before, after), oldest first."""
    return [
        (event["action"], event["actor_person_id"], event["before"], event["after"])
        for event in events(client, auth, object_id=object_id)
    ]


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if status != 204 else None


def test_a_programme_created_and_deleted_is_recorded_and_a_refused_deletion_is_not(
    client: TestClient, auth: HeaderFactory
) -> None:
    headers = hr(auth)
    hr_id = me(client, headers)
    body = {"title": "Samskabelse", "kind": "udviklingsforloeb"}
    programme = ok(client.post(f"{API}/programmes", json=body, headers=headers), 201)
    running = add_programme(client)  # open: only a draft may be deleted
    refused = client.delete(f"{API}/programmes/{running}", headers=headers)
    assert refused.status_code == 409, refused.text
    ok(client.delete(f"{API}/programmes/{programme['id']}", headers=headers), 204)

    (created, deleted) = summary(client, auth, programme["id"])
    assert created[:3] == ("programme.created", hr_id, {})
    assert created[3]["title"] == "Samskabelse" and created[3]["status"] == "draft"
    assert deleted[:2] == ("programme.deleted", hr_id) and deleted[3] == {}
    assert deleted[2] == created[3]  # everything it was, kept at its deletion
    assert summary(client, auth, running) == []


def test_a_cohort_created_and_deleted_is_recorded_and_refusals_are_not(
    client: TestClient, auth: HeaderFactory
) -> None:
    headers = hr(auth)
    programme_id = add_programme(client, cohort_min_size=10, cohort_max_size=24)
    facilitator = add_person(client, "Facilitator")
    cohort = create_cohort(client, auth, programme_id, capacity=20, facilitator_ids=[facilitator])
    too_big = {"programme_id": programme_id, "name": "For stort", "capacity": 99}
    assert client.post(f"{API}/cohorts", json=too_big, headers=headers).status_code in (409, 422)
    ok(client.patch(f"{API}/cohorts/{cohort['id']}", json={"status": "cancelled"}, headers=headers))
    refused = client.delete(f"{API}/cohorts/{cohort['id']}", headers=headers)
    assert refused.status_code == 409, refused.text  # only a planned cohort is deleted
    planned = create_cohort(client, auth, programme_id, name="Hold 2", capacity=12)
    ok(client.delete(f"{API}/cohorts/{planned['id']}", headers=headers), 204)

    actions = [event[0] for event in summary(client, auth, cohort["id"])]
    assert actions == ["cohort.created", "cohort.status_changed"]
    (created,) = [e for e in events(client, auth, object_id=cohort["id"]) if e["before"] == {}]
    assert created["after"] == {
        "programme_id": programme_id,
        "name": cohort["name"],
        "capacity": 20,
        "facilitator_ids": [facilitator],
        "status": "planned",
    }
    hr_id = me(client, headers)
    (made, gone) = summary(client, auth, planned["id"])
    assert (made[0], made[1], gone[0], gone[1]) == (
        "cohort.created",
        hr_id,
        "cohort.deleted",
        hr_id,
    )
    assert gone[2] == made[3] and gone[3] == {}
    assert len(events(client, auth, object_type="cohort")) == 4


def test_a_workshop_planned_changed_and_cancelled_is_recorded(
    client: TestClient, auth: HeaderFactory
) -> None:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    plan = Arrange(runtime.engine, runtime.settings).hedensted_programme(participants=1)
    headers = hr(auth)
    hr_id = me(client, headers)
    workshop = ok(client.post(WORKSHOPS, json=workshop_body(plan), headers=headers), 201)
    url = f"{WORKSHOPS}/{workshop['id']}"
    moved = {"starts_at": "2026-03-06T09:00:00+01:00", "ends_at": "2026-03-06T15:00:00+01:00"}
    ok(client.patch(url, json={**moved, "location": "Biblioteket"}, headers=headers))
    ok(client.patch(url, json={"location": "Biblioteket"}, headers=headers))  # no change
    ok(client.delete(url, headers=headers), 204)
    ok(client.delete(url, headers=headers), 204)  # already cancelled: nothing new
    refused = client.patch(url, json={"title": "Igen"}, headers=headers)
    assert refused.status_code == 409, refused.text

    created, updated, cancelled = summary(client, auth, workshop["id"])
    assert {created[0], created[1]} == {"workshop.created", hr_id}
    assert created[3]["title"] == workshop["title"]
    assert created[3]["cohort_id"] == str(plan.cohort_id)
    assert created[3]["facilitator_ids"] == []
    assert updated == (
        "workshop.updated",
        hr_id,
        {
            "starts_at": "2026-03-05T08:00:00+00:00",
            "ends_at": "2026-03-05T14:00:00+00:00",
            "location": "Rådhuset, Juelsminde",
        },
        {
            "starts_at": "2026-03-06T08:00:00+00:00",
            "ends_at": "2026-03-06T14:00:00+00:00",
            "location": "Biblioteket",
        },
    )
    assert cancelled == (
        "workshop.cancelled",
        hr_id,
        {"status": "scheduled"},
        {"status": "cancelled"},
    )


def project_trail(client: TestClient, auth: HeaderFactory, project: dict[str, Any]) -> list[Any]:
    return summary(client, auth, project["id"])


def test_a_project_and_its_co_ownership_are_recorded_without_its_texts(
    client: TestClient, auth: HeaderFactory
) -> None:
    world: World = build_world(client, auth)
    people = world.people
    owner, peer, colleague = (world.headers(auth, sub) for sub in ("owner", "peer", "colleague"))
    project = create_project(client, auth, world, owner_ids=[people["owner"], people["peer"]])
    url = f"{PROJECTS}/{project['id']}"
    ok(client.post(f"{url}/invitation/accept", headers=peer))
    ok(client.patch(url, json={"goal": "Nyt mål", "phase": "designe"}, headers=owner))
    invite = {"owner_ids": [people["owner"], people["peer"], people["colleague"]]}
    ok(client.patch(url, json=invite, headers=owner))
    ok(client.post(f"{url}/invitation/decline", headers=colleague), 204)
    refused = client.patch(url, json={"owner_ids": [people["peer"]]}, headers=peer)
    assert refused.status_code == 403, refused.text  # only the creator removes an owner
    ok(client.patch(url, json={"owner_ids": [people["owner"]]}, headers=owner))

    trail = project_trail(client, auth, project)
    assert [(action, actor) for action, actor, _before, _after in trail] == [
        ("project.created", people["owner"]),
        ("project.owner_invited", people["owner"]),
        ("project.invitation_accepted", people["peer"]),
        ("project.updated", people["owner"]),
        ("project.owner_invited", people["owner"]),
        ("project.invitation_declined", people["colleague"]),
        ("project.owners_changed", people["owner"]),
    ]
    created, invited, accepted, updated, _, declined, removed = trail
    assert created[3] == {
        "title": NOT_KEPT,
        "challenge": NOT_KEPT,
        "goal": NOT_KEPT,
        "outcome": NOT_KEPT,
        "kerneopgave_id": world.kerneopgave_id,
        "cohort_id": world.cohort_id,
        "phase": project["phase"],
        "status": project["status"],
        "owner_ids": [people["owner"]],
    }
    assert invited[2:] == ({}, {"invited_id": people["peer"]})
    both = sorted([people["owner"], people["peer"]])
    assert accepted[2:] == ({"owner_ids": [people["owner"]]}, {"owner_ids": both})
    assert updated[2:] == (
        {"goal": NOT_KEPT, "phase": project["phase"]},
        {"goal": NOT_KEPT, "phase": "designe"},
    )
    assert declined[2:] == ({"invited_id": people["colleague"]}, {})
    assert removed[2:] == ({"owner_ids": both}, {"owner_ids": [people["owner"]]})
    everything = str(events(client, auth))
    for text in ("Borgeren som medskaber", "Vi definerer", "Nyt mål"):
        assert text not in everything


def test_a_deleted_project_is_recorded_and_a_refused_deletion_is_not(
    client: TestClient, auth: HeaderFactory
) -> None:
    world = build_world(client, auth)
    project = create_project(client, auth, world)
    url = f"{PROJECTS}/{project['id']}"
    stranger = client.delete(url, headers=world.headers(auth, "peer"))
    assert stranger.status_code in (403, 404), stranger.text
    assert len(project_trail(client, auth, project)) == 1
    ok(client.delete(url, headers=world.headers(auth, "owner")), 204)
    (_, (action, actor, before, after)) = project_trail(client, auth, project)
    assert (action, actor, after) == ("project.deleted", world.people["owner"], {})
    assert before["title"] == NOT_KEPT and before["owner_ids"] == [world.people["owner"]]


def test_org_units_created_renamed_moved_and_deleted_are_recorded(
    client: TestClient, auth: HeaderFactory
) -> None:
    headers = hr(auth)
    hr_id = me(client, headers)
    top = add_org_unit(client, "Fritid & Fællesskab", kind=OrgUnitKind.forvaltning)
    other = add_org_unit(client, "Sundhed & Omsorg", kind=OrgUnitKind.forvaltning)
    body = {"name": "Afdeling Nord", "kind": "afdeling", "parent_id": top}
    unit = ok(client.post(f"{API}/org-units", json=body, headers=headers), 201)
    url = f"{API}/org-units/{unit['id']}"
    ok(client.patch(url, json={"name": "Afdeling Øst", "parent_id": other}, headers=headers))
    add_person(client, "Anne", org_unit_id=unit["id"])
    refused = client.delete(url, headers=headers)
    assert refused.status_code == 409, refused.text  # someone still works there
    empty = ok(client.post(f"{API}/org-units", json=body, headers=headers), 201)
    ok(client.delete(f"{API}/org-units/{empty['id']}", headers=headers), 204)

    created, renamed = summary(client, auth, unit["id"])
    assert created == (
        "org_unit.created",
        hr_id,
        {},
        {
            "name": "Afdeling Nord",
            "kind": "afdeling",
            "parent_id": top,
            "external_id": None,
            "retired_on": None,
        },
    )
    assert renamed == (
        "org_unit.updated",
        hr_id,
        {"name": "Afdeling Nord", "parent_id": top},
        {"name": "Afdeling Øst", "parent_id": other},
    )
    (_, deleted) = summary(client, auth, empty["id"])
    assert deleted[:2] == ("org_unit.deleted", hr_id)
    assert deleted[2] == {**created[3], "leader_ids": []} and deleted[3] == {}


def test_competence_framework_changes_are_recorded(client: TestClient, auth: HeaderFactory) -> None:
    headers = hr(auth)
    hr_id = me(client, headers)
    body = {"title": "Fagprofil", "competences": [{"title": "Samskabelse"}]}
    framework = ok(client.post(f"{API}/competences", json=body, headers=headers), 201)
    url = f"{API}/competences/{framework['id']}"
    first = framework["competences"][0]["id"]
    ok(client.patch(url, json={"title": "Fagprofil 2"}, headers=headers))
    refused = client.post(url + "/competences", json={"title": "Samskabelse"}, headers=headers)
    assert refused.status_code == 409, refused.text  # the title is taken
    added = ok(
        client.post(url + "/competences", json={"title": "Borgerkontakt"}, headers=headers), 201
    )
    ok(client.patch(f"{url}/competences/{added['id']}", json={"title": "Dialog"}, headers=headers))
    ok(client.delete(f"{url}/competences/{added['id']}", headers=headers), 204)
    ok(client.delete(url, headers=headers), 204)

    trail = summary(client, auth, framework["id"])
    assert [(action, actor) for action, actor, _b, _a in trail] == [
        ("competence_framework.created", hr_id),
        ("competence_framework.updated", hr_id),
        ("competence_framework.deleted", hr_id),
    ]
    assert trail[0][3]["title"] == "Fagprofil"
    assert trail[0][3]["competence_ids"] == [first]
    assert trail[1][2:] == ({"title": "Fagprofil"}, {"title": "Fagprofil 2"})
    assert trail[2][3] == {}
    competence = summary(client, auth, added["id"])
    assert [action for action, *_ in competence] == [
        "competence.created",
        "competence.updated",
        "competence.deleted",
    ]
    assert competence[0][3]["framework_id"] == framework["id"]
    assert competence[1][2:] == ({"title": "Borgerkontakt"}, {"title": "Dialog"})
    assert len(events(client, auth, object_type="competence")) == 3
