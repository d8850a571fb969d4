"""GDPR art. 15: a person's data as a whole, for HR and for the person themself."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import HEDENSTED, HeaderFactory
from tests.feedback.helpers import FeedbackArrange, Scene, as_
from tests.people.support import assert_problem
from tests.privacy.helpers import (
    ANNE_EMAIL,
    ANNE_EXTERNAL_ID,
    PEOPLE,
    SECRET_COMMENT,
    give_anne_everything,
    hr,
    ok,
)


def test_hr_exports_everything_held_on_a_person(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    data = give_anne_everything(client, auth, arrange, scene)
    anne, bo = str(data.anne), str(scene.people["bo"])

    export = ok(client.get(f"{PEOPLE}/{anne}/export", headers=hr(auth)))

    assert export["municipality"]["id"] == HEDENSTED
    person = export["person"]
    assert (person["name"], person["email"], person["external_id"], person["job_title"]) == (
        "Anne Ærø",
        ANNE_EMAIL,
        ANNE_EXTERNAL_ID,
        "Pædagog",
    )
    assert export["org_unit"]["name"] == "Hjemmeplejen Nord"
    [enrolment] = export["enrolments"]
    assert enrolment["programme_id"] == str(scene.plan.programme_id)
    assert enrolment["status"] == "approved" and enrolment["cohort_name"] == "Hold 1 2015"
    [membership] = export["cohorts"]
    assert membership["learning_group"]["name"] == "Læringsgruppe 1"
    assert membership["buddy_ids"] == [bo]
    [workshop] = export["workshops"]
    assert workshop["workshop_id"] == str(data.workshop_id)
    assert (workshop["booked"], workshop["attendance"], workshop["evaluated"]) == (
        True,
        "present",
        True,
    )
    [project] = export["projects"]
    assert project["id"] == str(scene.project_id) and project["owner_ids"] == [anne]
    [action] = project["trial_actions"]
    [received] = action["feedback_received"]
    assert received["kind"] == "buddy" and received["try_next"] == "Inviter naboerne."
    assert (received["author_id"], received["author_name"]) == (bo, "Bo Østergaard")
    [given] = export["feedback_given"]
    assert given["id"] == data.feedback_from_anne["id"]
    assert given["trial_action_id"] == str(data.bo_trial_action_id)
    [follow_up] = export["follow_ups"]
    assert follow_up["usage"] == 4 and "husmøderne" in follow_up["examples"]
    assert export["calendar_feed"]["created_at"]
    [change] = export["audit_events"]
    assert change["action"] == "person.updated" and change["object_id"] == anne
    # the anonymous evaluation cannot be linked to her, so it is not hers to export
    assert SECRET_COMMENT not in str(export)
    assert "token_hash" not in str(export) and "record_key" not in str(export)


def test_the_person_exports_their_own_data(
    client: TestClient, auth: HeaderFactory, arrange: FeedbackArrange, scene: Scene
) -> None:
    data = give_anne_everything(client, auth, arrange, scene)

    own = ok(client.get("/api/v1/me/export", headers=as_(auth, "anne")))
    by_hr = ok(client.get(f"{PEOPLE}/{data.anne}/export", headers=hr(auth)))

    assert own == by_hr


def test_only_hr_exports_someone_else(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    anne = scene.people["anne"]
    for caller in (as_(auth, "bo"), as_(auth, "lene"), auth(HEDENSTED, "facilitator")):
        assert_problem(client.get(f"{PEOPLE}/{anne}/export", headers=caller), 403)
    integration = auth(HEDENSTED, "integration", scope="people:read people:write")
    assert_problem(client.get(f"{PEOPLE}/{anne}/export", headers=integration), 403)
    assert_problem(client.get("/api/v1/me/export", headers=integration), 403)


def test_a_leaders_sparring_invitations_are_in_their_export(
    client: TestClient, auth: HeaderFactory, scene: Scene
) -> None:
    """Issue 18: an invitation names the leader, so it is part of their data."""
    body = {
        "programme_id": str(scene.plan.programme_id),
        "title": "Sparringsmøde mellem lederne",
        "starts_at": "2026-04-01T13:00:00+02:00",
        "ends_at": "2026-04-01T15:00:00+02:00",
    }
    meeting = client.post("/api/v1/sparring-meetings", json=body, headers=hr(auth))
    assert meeting.status_code == 201, meeting.text
    export = ok(client.get("/api/v1/me/export", headers=as_(auth, "lene")))
    [invited] = export["sparring_meetings"]
    assert (invited["meeting_id"], invited["attendance"], invited["cancelled"]) == (
        meeting.json()["id"],
        "invited",
        False,
    )
