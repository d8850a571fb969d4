"""What the periodic collection tells, each municipality's people only of their own: a
team member's request waiting for its leader, a follow-up due (issued by the job, without a
read), an evaluation due, feedback asked; and what erasure and the export do with it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import col

from praksis.cohorts.models import CohortFacilitator
from praksis.enrolments.models import EnrolmentRequest, EnrolmentStatus
from praksis.feedback.models import FeedbackInvitation
from praksis.kit.db import tenant_session
from praksis.notifications.models import NotificationKind, NotificationStatus
from praksis.people.models import Person
from praksis.workshops.models import Workshop
from tests.conftest import HEDENSTED, HORSENS
from tests.feedback.helpers import FeedbackArrange
from tests.jobs.running import run_jobs
from tests.notifications.conftest import Scene
from tests.notifications.mailbox import body_of


def _waiting_request(arrange: FeedbackArrange, town: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A leader (lene@town) and a member of her unit (mads@town) whose request waits."""
    unit = arrange.org_unit(f"Hjemmeplejen {town}")
    leader = arrange.leader_of(unit, f"lene-{town}", f"Lene {town.capitalize()}")
    member = arrange.person(
        f"mads-{town}", f"Mads {town.capitalize()}", org_unit_id=unit, email=f"mads@{town}.dk"
    )
    _set_email(arrange, leader, f"lene@{town}.dk")
    programme = arrange.ended_programme(ended_days_ago=None)
    arrange.add(EnrolmentRequest(programme_id=programme, person_id=member, motivation="Gerne"))
    return leader, member


def _set_email(arrange: FeedbackArrange, person_id: uuid.UUID, email: str) -> None:
    with tenant_session(arrange.engine, arrange.tenant, arrange.app_role) as session:
        session.execute(update(Person).where(col(Person.id) == person_id).values(email=email))


def test_a_leader_is_told_of_a_team_members_waiting_request_in_their_own_municipality_only(
    scene: Scene,
) -> None:
    _waiting_request(FeedbackArrange(scene.engine, scene.settings, HEDENSTED), "hedensted")
    _waiting_request(FeedbackArrange(scene.engine, scene.settings, HORSENS), "horsens")

    scene.deliver_all()

    for town, other in (("hedensted", "horsens"), ("horsens", "hedensted")):
        (message,) = scene.mailbox.to(f"lene@{town}.dk")
        assert message["Subject"] == f"Mads {town.capitalize()} venter på dit svar"
        assert f"Mads {other.capitalize()}" not in body_of(message)
    assert len(scene.mailbox.messages) == 2
    assert {row.municipality_id for row in scene.rows()} == {HEDENSTED, HORSENS}


def test_a_follow_up_issued_by_the_job_is_told_without_anyone_reading(scene: Scene) -> None:
    arrange = FeedbackArrange(scene.engine, scene.settings, HEDENSTED)
    programme = arrange.ended_programme(ended_days_ago=100)
    anne = arrange.person("anne", "Anne Ærø", email="anne@hedensted.dk")
    arrange.enrolment(programme, anne, EnrolmentStatus.completed)

    run_jobs(scene.engine, scene.settings, ("feedback:issue_follow_ups", {"timestamp": 0}))
    scene.deliver_all()

    (message,) = scene.mailbox.to("anne@hedensted.dk")
    assert message["Subject"].startswith("Opfølgning på Kultur- og kompetenceudviklingsforløb")


def test_an_evaluation_due_and_feedback_asked_are_told(scene: Scene) -> None:
    arrange = FeedbackArrange(scene.engine, scene.settings, HEDENSTED)
    plan = arrange.hedensted_programme(participants=0)
    anne = arrange.participant(plan, "anne", name="Anne Ærø")
    bo = arrange.person("bo", "Bo Østergaard")
    _set_email(arrange, anne, "anne@hedensted.dk")
    _set_email(arrange, bo, "bo@hedensted.dk")
    facilitator = arrange.person("fie", "Fie Facilitator")
    workshop = arrange.workshop(plan, facilitator)
    arrange.attendance(workshop, anne, facilitator)
    _project, action = arrange.project_with_trial_action([anne], plan.cohort_id)
    arrange.add(FeedbackInvitation(trial_action_id=action, invitee_id=bo, invited_by_id=anne))

    scene.deliver_all()

    (evaluation,) = scene.mailbox.to("anne@hedensted.dk")
    assert evaluation["Subject"] == "Evaluér Workshop 1: Nye roller / Playmaker"
    (feedback,) = scene.mailbox.to("bo@hedensted.dk")
    assert feedback["Subject"] == "Anne Ærø beder om din feedback"
    kinds = {row.kind for row in scene.rows()}
    assert kinds == {NotificationKind.evaluation_due, NotificationKind.feedback_requested}
    # told once, however often the collection runs
    scene.deliver_all()
    assert len(scene.mailbox.messages) == 2


def test_erasure_deletes_the_notifications_to_and_about_the_person_and_the_export_lists_them(
    scene: Scene,
) -> None:
    arrange = FeedbackArrange(scene.engine, scene.settings, HEDENSTED)
    _leader, member = _waiting_request(arrange, "hedensted")
    enrolment, _ = _nominated_member(arrange, member)
    scene.decide(enrolment, "decline")
    scene.deliver_all()
    assert {row.status for row in scene.rows()} == {NotificationStatus.sent}
    hr = scene.auth(HEDENSTED, "hr_admin")

    export = scene.client.get(f"/api/v1/people/{member}/export", headers=hr)
    assert export.status_code == 200, export.text
    assert [item["kind"] for item in export.json()["notifications"]] == ["enrolment_decided"]
    assert export.json()["notification_settings"]["effective_language"] == "da"

    erased = scene.client.post(f"/api/v1/people/{member}/erase", headers=hr)
    assert erased.status_code == 200, erased.text
    # the member's own e-mail and the leader's e-mail naming them are gone
    assert scene.rows() == []


def _nominated_member(arrange: FeedbackArrange, member: uuid.UUID) -> tuple[uuid.UUID, None]:
    plan = arrange.hedensted_programme(participants=0)
    return arrange.enrol(plan.programme_id, plan.cohort_id, member, EnrolmentStatus.nominated), None


def test_a_person_chooses_only_known_languages_and_deliveries_and_the_change_is_audited(
    scene: Scene,
) -> None:
    scene.arrange.person("anne", "Anne Ærø")
    mine = scene.auth(HEDENSTED, "participant", sub="anne")
    for body in (
        {"language": "sv", "delivery": "immediate"},
        {"language": "da", "delivery": "weekly"},
        {"language": "da"},
        {"language": "da", "delivery": "none", "extra": 1},
    ):
        refused = scene.client.put("/api/v1/me/notification-settings", json=body, headers=mine)
        assert refused.status_code == 422, body
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert (
        scene.client.get("/api/v1/me/notification-settings", headers=mine).json()["delivery"]
        == "immediate"
    )
    scene.choose("anne", "nb", "digest")
    events = scene.client.get(
        "/api/v1/audit",
        params={"action": "notification_preferences.updated"},
        headers=scene.auth(HEDENSTED, "hr_admin"),
    ).json()["items"]
    (event,) = events
    assert event["after"] == {"language": "nb", "delivery": "digest"}
    integration = scene.auth(HEDENSTED, "integration")
    assert (
        scene.client.get("/api/v1/me/notification-settings", headers=integration).status_code == 403
    )


def test_a_facilitator_is_reminded_of_the_evaluations_of_a_workshop_just_ended(
    scene: Scene,
) -> None:
    arrange = FeedbackArrange(scene.engine, scene.settings, HEDENSTED)
    plan = arrange.hedensted_programme(participants=0)
    anne = arrange.participant(plan, "anne", name="Anne Ærø")
    fie = arrange.person("fie", "Fie Facilitator", email="fie@hedensted.dk")
    arrange.add(CohortFacilitator(cohort_id=plan.cohort_id, person_id=fie))
    ended = datetime.now(UTC) - timedelta(hours=1)
    workshop = Workshop(
        module_id=plan.module_ids[0],
        cohort_id=plan.cohort_id,
        title="Workshop 2: Samskabelse",
        starts_at=ended - timedelta(hours=3),
        ends_at=ended,
    )
    arrange.add(workshop)
    arrange.attendance(workshop.id, anne, fie)
    old = arrange.workshop(plan)  # March: long over, not reminded of
    arrange.attendance(old, anne, fie)

    scene.deliver_all()

    (message,) = scene.mailbox.to("fie@hedensted.dk")
    assert message["Subject"] == "Evalueringen af Workshop 2: Samskabelse"
    assert "frigiv resultaterne" in body_of(message)
