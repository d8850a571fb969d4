"""The participant's to-do lists: done trial actions of the buddy and learning group to give
feedback on, and the workshops they attended and have not evaluated yet."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from praksis.action_learning.models import TrialAction, TrialActionStatus
from praksis.workshops.models import AttendanceStatus
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.feedback.helpers import (
    EVALUATIONS,
    FEEDBACK,
    FeedbackArrange,
    Scene,
    as_,
    feedback_body,
)

TO_GIVE = f"{FEEDBACK}/to-give"
DUE = f"{EVALUATIONS}/due"


def done_action(arrange: FeedbackArrange, project_id: uuid.UUID) -> uuid.UUID:
    action = TrialAction(
        project_id=project_id,
        title="Husmøde hvor borgerne leder ordet",
        plan="Borgerne inviteres til at lede husmødet.",
        what_happened="To borgere ledte mødet; de andre tog ordet oftere end før.",
        reflection="Jeg skal holde mig mere tilbage.",
        status=TrialActionStatus.done,
    )
    arrange.add(action)
    return action.id


def to_give(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get(TO_GIVE, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_buddy_and_learning_group_see_done_trial_actions_with_their_kinds(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    assert to_give(client, as_(auth, "bo")) == []  # only a planned action so far
    action_id = done_action(arrange, scene.project_id)

    [for_bo] = to_give(client, as_(auth, "bo"))
    assert for_bo["trial_action_id"] == str(action_id)
    assert for_bo["project_id"] == str(scene.project_id)
    assert for_bo["project_title"] == "Borgeren som medskaber"
    assert for_bo["what_happened"].startswith("To borgere ledte mødet")
    assert for_bo["owners"] == [{"id": str(scene.people["anne"]), "name": "Anne Ærø"}]
    assert for_bo["kinds"] == ["buddy", "learning_group"]
    assert for_bo["given_by_me"] == 0

    [for_cecilie] = to_give(client, as_(auth, "cecilie"))
    assert for_cecilie["kinds"] == ["learning_group"]

    for outsider in ("anne", "dorte", "erik", "lene"):
        assert to_give(client, as_(auth, outsider)) == [], outsider


def test_given_by_me_counts_only_the_callers_own_feedback(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    action_id = done_action(arrange, scene.project_id)
    response = client.post(
        FEEDBACK, json=feedback_body(action_id, "buddy"), headers=as_(auth, "bo")
    )
    assert response.status_code == 201, response.text

    assert [item["given_by_me"] for item in to_give(client, as_(auth, "bo"))] == [1]
    assert [item["given_by_me"] for item in to_give(client, as_(auth, "cecilie"))] == [0]


def test_buddies_are_per_cohort_so_a_project_outside_it_is_not_listed(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    project_id, _planned = arrange.project_with_trial_action([scene.people["anne"]], None)
    done_action(arrange, project_id)
    assert to_give(client, as_(auth, "bo")) == []


def test_to_give_pages_and_needs_the_right_to_give_feedback(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    first, second = sorted(done_action(arrange, scene.project_id) for _ in range(2))
    page = client.get(TO_GIVE, params={"limit": 1}, headers=as_(auth, "bo")).json()
    assert [item["trial_action_id"] for item in page["items"]] == [str(first)]
    rest = client.get(
        TO_GIVE, params={"limit": 1, "cursor": page["next_cursor"]}, headers=as_(auth, "bo")
    ).json()
    assert [item["trial_action_id"] for item in rest["items"]] == [str(second)]
    assert rest["next_cursor"] is None

    assert client.get(TO_GIVE, headers=auth(HEDENSTED, "hr_admin")).status_code == 403
    assert client.get(TO_GIVE, headers=auth(None, "partner", partner="kl")).status_code == 403


def test_evaluations_due_are_attended_workshops_not_yet_evaluated(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    facilitator = arrange.person("fie", "Fie Facilitator")
    workshop_id = arrange.workshop(scene.plan, facilitator=facilitator)
    arrange.attendance(workshop_id, scene.people["bo"], facilitator)
    arrange.attendance(workshop_id, scene.people["cecilie"], facilitator, AttendanceStatus.absent)

    due = client.get(DUE, headers=as_(auth, "bo"))
    assert due.status_code == 200, due.text
    [workshop] = due.json()["items"]
    assert workshop["id"] == str(workshop_id)
    assert workshop["title"] == "Workshop 1: Nye roller / Playmaker"
    assert workshop["starts_at"].startswith("2026-03-05T08:00:00")
    assert client.get(DUE, headers=as_(auth, "cecilie")).json()["items"] == []
    assert client.get(DUE, headers=as_(auth, "dorte")).json()["items"] == []

    answer = {"workshop_id": str(workshop_id), "relevance": 5, "learning": 4, "usefulness": 4}
    assert client.post(EVALUATIONS, json=answer, headers=as_(auth, "bo")).status_code == 201
    assert client.get(DUE, headers=as_(auth, "bo")).json()["items"] == []

    assert client.get(DUE, headers=auth(HEDENSTED, "hr_admin")).status_code == 403


def test_another_municipality_sees_none_of_it(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    """Bo's subject signed in for Horsens is someone else: Hedensted's lists stay out of reach."""
    done_action(arrange, scene.project_id)
    facilitator = arrange.person("fie", "Fie Facilitator")
    workshop_id = arrange.workshop(scene.plan, facilitator=facilitator)
    arrange.attendance(workshop_id, scene.people["bo"], facilitator)
    for path in (TO_GIVE, DUE):
        response = client.get(path, headers=auth(HORSENS, "participant", sub="bo"))
        assert response.status_code == 200, response.text
        assert response.json()["items"] == []
