"""Feedback on trial actions: who may give which kind, who reads it, nobody edits another's.

Hedensted (seeds/003): buddies "giver hinanden konstruktiv feedback på prøvehandlingerne";
KL pilot (seeds/000): participants "give og modtage feedback fra kollegaer".
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from praksis.feedback.models import FeedbackInvitation, TrialActionFeedback
from praksis.kit.db import system_session
from tests.conftest import HEDENSTED, HeaderFactory
from tests.feedback.helpers import (
    FEEDBACK,
    INVITATIONS,
    FeedbackArrange,
    Scene,
    as_,
    feedback_body,
)


def stored_feedback(engine: Engine) -> int:
    with system_session(engine) as session:
        return session.exec(select(func.count()).select_from(TrialActionFeedback)).one()


def give(
    client: TestClient, auth: HeaderFactory, scene: Scene, sub: str, kind: str, **extra: Any
) -> Any:
    return client.post(
        FEEDBACK,
        json=feedback_body(scene.trial_action_id, kind, **extra),
        headers=as_(auth, sub),
    )


def given(
    client: TestClient, auth: HeaderFactory, scene: Scene, sub: str, kind: str, **extra: Any
) -> dict[str, Any]:
    response = give(client, auth, scene, sub, kind, **extra)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def invite(
    client: TestClient, auth: HeaderFactory, scene: Scene, who: str, by: str = "anne"
) -> Any:
    return client.post(
        INVITATIONS,
        json={"trial_action_id": str(scene.trial_action_id), "person_id": str(scene.people[who])},
        headers=as_(auth, by),
    )


# --- who may give which feedback ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sub", "kind"),
    [("bo", "buddy"), ("bo", "learning_group"), ("cecilie", "learning_group"), ("lene", "leader")],
)
def test_buddy_group_member_and_leader_give_feedback_in_their_role(
    client: TestClient, auth: HeaderFactory, scene: Scene, sub: str, kind: str
) -> None:
    created = given(client, auth, scene, sub, kind, rating=4, shared_with_leader=True)
    assert created["author_id"] == str(scene.people[sub])
    assert created["kind"] == kind
    assert created["trial_action_id"] == str(scene.trial_action_id)
    assert created["project_id"] == str(scene.project_id)
    assert created["rating"] == 4
    received = client.get(FEEDBACK, params={"received": "true"}, headers=as_(auth, "anne"))
    assert [item["id"] for item in received.json()["items"]] == [created["id"]]


@pytest.mark.parametrize(
    ("sub", "kind", "status"),
    [
        # can see the trial action (same learning group), but is not Anne's buddy
        ("cecilie", "buddy", 403),
        ("cecilie", "leader", 403),
        ("bo", "leader", 403),
        # the leader sees the project but is neither buddy nor in the group
        ("lene", "buddy", 403),
        ("lene", "learning_group", 403),
        # same learning group, but not invited as a colleague
        ("bo", "colleague", 403),
        # another learning group in the cohort: cannot see the project at all
        ("dorte", "buddy", 404),
        ("dorte", "learning_group", 404),
        ("dorte", "colleague", 404),
        # a colleague outside the programme, not invited
        ("erik", "colleague", 404),
        ("erik", "buddy", 404),
    ],
)
def test_feedback_in_a_role_the_author_does_not_have_is_refused(
    client: TestClient,
    auth: HeaderFactory,
    engine: Engine,
    scene: Scene,
    sub: str,
    kind: str,
    status: int,
) -> None:
    response = give(client, auth, scene, sub, kind)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert stored_feedback(engine) == 0


@pytest.mark.parametrize("kind", ["buddy", "learning_group", "leader", "colleague"])
def test_owner_cannot_give_feedback_on_own_trial_action(
    client: TestClient, auth: HeaderFactory, engine: Engine, scene: Scene, kind: str
) -> None:
    assert give(client, auth, scene, "anne", kind).status_code == 403
    assert stored_feedback(engine) == 0


def test_invited_colleague_gives_colleague_feedback(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    assert give(client, auth, scene, "erik", "colleague").status_code == 404
    assert invite(client, auth, scene, "erik").status_code == 201
    created = given(client, auth, scene, "erik", "colleague")
    assert created["author_id"] == str(scene.people["erik"])
    # the invitation is for colleague feedback only
    assert give(client, auth, scene, "erik", "buddy").status_code == 404


def test_unknown_trial_action_is_404(client: TestClient, auth: HeaderFactory, scene: Scene) -> None:
    body = feedback_body(scene.project_id, "buddy")  # a project id is not a trial action id
    assert client.post(FEEDBACK, json=body, headers=as_(auth, "bo")).status_code == 404


@pytest.mark.parametrize("roles", [("hr_admin",), ("facilitator",)])
def test_roles_without_a_relation_to_the_owner_give_no_feedback(
    client: TestClient, auth: HeaderFactory, engine: Engine, scene: Scene, roles: tuple[str, ...]
) -> None:
    response = client.post(
        FEEDBACK,
        json=feedback_body(scene.trial_action_id, "colleague"),
        headers=auth(HEDENSTED, *roles, sub=f"someone-{roles[0]}"),
    )
    assert response.status_code in (403, 404)
    assert stored_feedback(engine) == 0


def test_rating_outside_one_to_five_is_refused(
    client: TestClient, auth: HeaderFactory, engine: Engine, scene: Scene
) -> None:
    for rating in (0, 6):
        assert give(client, auth, scene, "bo", "buddy", rating=rating).status_code == 422
    assert stored_feedback(engine) == 0


# --- invitations -------------------------------------------------------------------------------


def test_owner_invites_a_colleague_once(
    client: TestClient, auth: HeaderFactory, engine: Engine, scene: Scene
) -> None:
    first = invite(client, auth, scene, "erik")
    assert first.status_code == 201, first.text
    assert first.json()["trial_action_title"] == "Husmøde hvor borgerne leder ordet"
    assert invite(client, auth, scene, "erik").status_code == 409
    with system_session(engine) as session:
        assert session.exec(select(func.count()).select_from(FeedbackInvitation)).one() == 1


@pytest.mark.parametrize(("by", "status"), [("bo", 403), ("lene", 403), ("dorte", 404)])
def test_only_an_owner_invites_colleagues(
    client: TestClient, auth: HeaderFactory, engine: Engine, scene: Scene, by: str, status: int
) -> None:
    assert invite(client, auth, scene, "erik", by=by).status_code == status
    with system_session(engine) as session:
        assert session.exec(select(func.count()).select_from(FeedbackInvitation)).one() == 0


def test_owner_cannot_invite_themselves(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    assert invite(client, auth, scene, "anne").status_code == 422


def test_invitee_sees_their_invitations_with_the_title_only(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    invite(client, auth, scene, "erik")
    mine = client.get(INVITATIONS, headers=as_(auth, "erik")).json()["items"]
    assert len(mine) == 1
    assert set(mine[0]) == {
        "id",
        "trial_action_id",
        "trial_action_title",
        "invitee_id",
        "invited_by_id",
        "created_at",
    }
    assert mine[0]["trial_action_title"] == "Husmøde hvor borgerne leder ordet"
    assert mine[0]["invited_by_id"] == str(scene.people["anne"])
    assert client.get(INVITATIONS, headers=as_(auth, "bo")).json()["items"] == []


# --- reading -----------------------------------------------------------------------------------


def test_leader_reads_buddy_feedback_only_when_shared(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    private = given(client, auth, scene, "bo", "buddy")
    shared = given(client, auth, scene, "cecilie", "learning_group", shared_with_leader=True)
    leaders_own = given(client, auth, scene, "lene", "leader")
    lene = as_(auth, "lene")
    assert client.get(f"{FEEDBACK}/{private['id']}", headers=lene).status_code == 404
    assert client.get(f"{FEEDBACK}/{shared['id']}", headers=lene).status_code == 200
    listed = client.get(FEEDBACK, headers=lene).json()["items"]
    assert {item["id"] for item in listed} == {shared["id"], leaders_own["id"]}
    # the owner reads all of it
    anne = client.get(FEEDBACK, headers=as_(auth, "anne")).json()["items"]
    assert {item["id"] for item in anne} == {private["id"], shared["id"], leaders_own["id"]}


def test_feedback_is_read_by_author_owner_and_hr_only(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    created = given(client, auth, scene, "bo", "buddy")
    url = f"{FEEDBACK}/{created['id']}"
    for sub in ("bo", "anne"):
        assert client.get(url, headers=as_(auth, sub)).json() == created
    assert client.get(url, headers=auth(HEDENSTED, "hr_admin")).status_code == 200
    for sub in ("cecilie", "dorte", "erik"):
        assert client.get(url, headers=as_(auth, sub)).status_code == 404
    facilitator = auth(HEDENSTED, "facilitator", sub="fie")
    assert client.get(url, headers=facilitator).status_code == 404


def test_feedback_list_filters_given_received_and_trial_action(
    client: TestClient, auth: HeaderFactory, scene: Scene, arrange: FeedbackArrange
) -> None:
    by_bo = given(client, auth, scene, "bo", "buddy")
    # Bo's own project, on which Anne (his buddy) gives feedback
    _project, bos_action = arrange.project_with_trial_action(
        [scene.people["bo"]], scene.plan.cohort_id
    )
    on_bo = client.post(
        FEEDBACK, json=feedback_body(bos_action, "buddy"), headers=as_(auth, "anne")
    )
    assert on_bo.status_code == 201, on_bo.text
    bo = as_(auth, "bo")

    def ids(**params: str) -> set[str]:
        response = client.get(FEEDBACK, params=params, headers=bo)
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]}

    assert ids() == {by_bo["id"], on_bo.json()["id"]}
    assert ids(given="true") == {by_bo["id"]}
    assert ids(received="true") == {on_bo.json()["id"]}
    assert ids(given="false") == {on_bo.json()["id"]}
    assert ids(trial_action_id=str(scene.trial_action_id)) == {by_bo["id"]}


def test_feedback_list_pages_with_a_cursor(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    created = [given(client, auth, scene, "bo", "buddy")["id"] for _ in range(3)]
    anne = as_(auth, "anne")
    first = client.get(FEEDBACK, params={"limit": 2}, headers=anne).json()
    second = client.get(
        FEEDBACK, params={"limit": 2, "cursor": first["next_cursor"]}, headers=anne
    ).json()
    assert [item["id"] for item in first["items"] + second["items"]] == created
    assert second["next_cursor"] is None


# --- nobody edits someone else's feedback ------------------------------------------------------


def test_author_edits_and_deletes_their_own_feedback(
    client: TestClient, auth: HeaderFactory, engine: Engine, scene: Scene
) -> None:
    created = given(client, auth, scene, "bo", "buddy")
    url = f"{FEEDBACK}/{created['id']}"
    changed = client.patch(
        url, json={"try_next": "Prøv igen med naboerne.", "rating": 5}, headers=as_(auth, "bo")
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["try_next"] == "Prøv igen med naboerne."
    assert changed.json()["what_worked"] == created["what_worked"]
    assert client.delete(url, headers=as_(auth, "bo")).status_code == 204
    assert stored_feedback(engine) == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anne", 403),  # the owner reads it, but it is Bo's
        ("hr", 403),  # HR reads everything, changes nothing
        ("lene", 404),  # not shared with the leader
        ("cecilie", 404),
        ("erik", 404),
    ],
)
def test_nobody_edits_or_deletes_someone_elses_feedback(
    client: TestClient, auth: HeaderFactory, scene: Scene, who: str, status: int
) -> None:
    created = given(client, auth, scene, "bo", "buddy")
    url = f"{FEEDBACK}/{created['id']}"
    headers = auth(HEDENSTED, "hr_admin") if who == "hr" else as_(auth, who)
    patched = client.patch(url, json={"what_worked": "Overskrevet"}, headers=headers)
    assert patched.status_code == status, patched.text
    assert client.delete(url, headers=headers).status_code == status
    assert client.get(url, headers=as_(auth, "bo")).json() == created


def test_explicit_null_in_a_patch_is_refused(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    created = given(client, auth, scene, "bo", "buddy", rating=3)
    url = f"{FEEDBACK}/{created['id']}"
    assert client.patch(url, json={"rating": None}, headers=as_(auth, "bo")).status_code == 422


@pytest.mark.parametrize(
    "url", [INVITATIONS, f"{FEEDBACK}/follow-ups", f"{FEEDBACK}/workshop-evaluations"]
)
def test_fixed_paths_are_not_taken_for_a_feedback_id(
    client: TestClient, auth: HeaderFactory, url: str
) -> None:
    response = client.patch(url, json={}, headers=auth(HEDENSTED, "participant"))
    assert response.status_code == 405


def test_a_retried_feedback_with_the_same_idempotency_key_is_stored_once(
    client: TestClient, auth: HeaderFactory, engine: Engine, scene: Scene
) -> None:
    headers = {**as_(auth, "bo"), "Idempotency-Key": "feedback-1"}
    body = feedback_body(scene.trial_action_id, "buddy")
    first = client.post(FEEDBACK, json=body, headers=headers)
    second = client.post(FEEDBACK, json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert stored_feedback(engine) == 1


# --- the facilitator's kind (issue 18) ---------------------------------------------------------


def test_a_facilitator_of_the_projects_cohort_gives_facilitator_feedback(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    frida = arrange.person("frida", "Frida Facilitator")
    arrange.cohort_facilitator(scene.plan.cohort_id, frida)
    headers = as_(auth, "frida", "facilitator")
    to_give = client.get(f"{FEEDBACK}/to-give", headers=headers)
    assert to_give.status_code == 200, to_give.text
    assert [(i["trial_action_id"], i["kinds"]) for i in to_give.json()["items"]] == []  # not done
    body = feedback_body(scene.trial_action_id, "facilitator")
    created = client.post(FEEDBACK, json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["kind"] == "facilitator"
    received = client.get(FEEDBACK, params={"received": "true"}, headers=as_(auth, "anne"))
    assert [item["kind"] for item in received.json()["items"]] == ["facilitator"]
    # only the cohort's facilitators: not a buddy, not a leader
    assert give(client, auth, scene, "bo", "facilitator").status_code == 403
    assert give(client, auth, scene, "lene", "facilitator").status_code == 403


def test_a_facilitator_of_another_cohort_gives_no_facilitator_feedback(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    gorm = arrange.person("gorm", "Gorm Andethold")
    arrange.cohort_facilitator(arrange.second_cohort(scene.plan, "Hold 2"), gorm)
    body = feedback_body(scene.trial_action_id, "facilitator")
    refused = client.post(FEEDBACK, json=body, headers=as_(auth, "gorm", "facilitator"))
    assert refused.status_code == 404  # the project is not theirs to see
