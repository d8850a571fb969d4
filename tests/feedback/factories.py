"""Factories for the cross-tenant matrix (see tests/resources.py).

Projects, trial actions, cohorts and programmes are written straight to the database (their
routes are built elsewhere); invitations, feedback and follow-ups go through the API. The
matrix reads each object back with a Hedensted token holding every role, HR included.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from praksis.enrolments.models import EnrolmentStatus
from tests.conftest import HEDENSTED, HeaderFactory
from tests.feedback.helpers import (
    FEEDBACK,
    FOLLOW_UPS,
    INVITATIONS,
    arrange_for,
    as_,
    build_scene,
    feedback_body,
)
from tests.resource_types import Resource, created
from tests.workshops.factories import create_workshop


def create_feedback(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    """Colleague feedback from Erik, invited by Anne, the trial action's owner."""
    scene = build_scene(arrange_for(client))
    invitation = {
        "trial_action_id": str(scene.trial_action_id),
        "person_id": str(scene.people["erik"]),
    }
    created(client.post(INVITATIONS, json=invitation, headers=as_(auth, "anne")))
    body = feedback_body(scene.trial_action_id, "colleague", rating=4)
    feedback = created(client.post(FEEDBACK, json=body, headers=as_(auth, "erik")))
    return {"feedback_id": feedback["id"]}


def create_follow_up(client: TestClient, auth: HeaderFactory) -> dict[str, str]:
    """An unanswered follow-up of a completer whose programme ended 100 days ago."""
    arrange = arrange_for(client)
    programme = arrange.ended_programme(ended_days_ago=100)
    person = arrange.person("afsluttet", "Anne Afsluttet")
    arrange.enrolment(programme, person, EnrolmentStatus.completed)
    issued = client.post(f"{FOLLOW_UPS}/issue", headers=auth(HEDENSTED, "hr_admin"))
    assert issued.status_code == 200, issued.text
    mine = client.get(FOLLOW_UPS, headers=auth(HEDENSTED, "participant", sub="afsluttet"))
    (follow_up,) = mine.json()["items"]
    return {"follow_up_id": follow_up["id"]}


RESOURCES: dict[str, Resource] = {
    "/api/v1/feedback/{feedback_id}": Resource(
        create_feedback, update_body={"what_worked": "Overtaget", "shared_with_leader": True}
    ),
    "/api/v1/feedback/workshop-evaluations/{workshop_id}/summary": Resource(create_workshop),
    "/api/v1/feedback/workshop-evaluations/{workshop_id}/release": Resource(create_workshop),
    "/api/v1/feedback/follow-ups/{follow_up_id}": Resource(create_follow_up),
    "/api/v1/feedback/follow-ups/{follow_up_id}/answer": Resource(
        create_follow_up, update_body={"usage": 1, "examples": "Overtaget"}
    ),
}
