"""Arranging Hedensted for the feedback tests, straight in the database.

Projects, trial actions, cohorts, learning groups, workshops and attendance belong to other
domains; they are written through a tenant session so these tests depend only on the feedback
routes. Feedback, invitations, evaluations and follow-ups go through the API.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from praksis.action_learning.models import ActionLearningProject, ProjectOwner, TrialAction
from praksis.cohorts.models import BuddyPair, CohortFacilitator, LearningGroup, LearningGroupMember
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.kerneopgaver.models import Kerneopgave
from praksis.people.models import OrgUnitLeader
from praksis.programmes.models import Programme, ProgrammeKind
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop
from tests.conftest import HEDENSTED, HeaderFactory
from tests.workshops.helpers import Arrange, Programme2Modules

FEEDBACK = "/api/v1/feedback"
INVITATIONS = f"{FEEDBACK}/invitations"
EVALUATIONS = f"{FEEDBACK}/workshop-evaluations"
FOLLOW_UPS = f"{FEEDBACK}/follow-ups"


def hedensted_today() -> date:
    """Due dates are the municipality's calendar days, not UTC's (they differ an hour a day)."""
    return datetime.now(ZoneInfo("Europe/Copenhagen")).date()


class FeedbackArrange(Arrange):
    """``Arrange`` plus the rows the feedback rules depend on."""

    def add(self, *rows: Any) -> None:
        self._add(*rows)

    def leader_of(self, org_unit_id: uuid.UUID, sub: str, name: str = "Lene Leder") -> uuid.UUID:
        person_id = self.person(sub, name, org_unit_id=org_unit_id)
        self.add(OrgUnitLeader(org_unit_id=org_unit_id, person_id=person_id))
        return person_id

    def learning_group(
        self, cohort_id: uuid.UUID, members: list[uuid.UUID], name: str = "Læringsgruppe 1"
    ) -> uuid.UUID:
        group = LearningGroup(cohort_id=cohort_id, name=name)
        self.add(group)
        self.add(
            *(
                LearningGroupMember(cohort_id=cohort_id, group_id=group.id, person_id=member)
                for member in members
            )
        )
        return group.id

    def buddies(
        self, cohort_id: uuid.UUID, group_id: uuid.UUID, first: uuid.UUID, second: uuid.UUID
    ) -> None:
        self.add(
            BuddyPair(
                cohort_id=cohort_id,
                group_id=group_id,
                first_person_id=first,
                second_person_id=second,
            )
        )

    def project_with_trial_action(
        self, owners: list[uuid.UUID], cohort_id: uuid.UUID | None
    ) -> tuple[uuid.UUID, uuid.UUID]:
        kerneopgave = Kerneopgave(
            title=f"Fritid & Fællesskab {uuid.uuid4().hex[:6]}",
            citizen_outcome="At man både kan bidrage til og deltage i fællesskabet.",
        )
        self.add(kerneopgave)
        project = ActionLearningProject(
            title="Borgeren som medskaber",
            challenge="Borgerne møder os som modtagere, ikke som medskabere.",
            goal="Borgerne sætter selv dagsordenen på husmøderne.",
            kerneopgave_id=kerneopgave.id,
            cohort_id=cohort_id,
            created_by_id=owners[0],
        )
        self.add(project)
        self.add(*(ProjectOwner(project_id=project.id, person_id=owner) for owner in owners))
        action = TrialAction(
            project_id=project.id,
            title="Husmøde hvor borgerne leder ordet",
            plan="Borgerne inviteres til at lede husmødet; vi lytter.",
            with_whom=["citizens", "colleagues"],
        )
        self.add(action)
        return project.id, action.id

    def workshop(self, plan: Programme2Modules, facilitator: uuid.UUID | None = None) -> uuid.UUID:
        workshop = Workshop(
            module_id=plan.module_ids[0],
            cohort_id=plan.cohort_id,
            title="Workshop 1: Nye roller / Playmaker",
            starts_at=datetime(2026, 3, 5, 8, 0, tzinfo=UTC),
            ends_at=datetime(2026, 3, 5, 14, 0, tzinfo=UTC),
        )
        self.add(workshop)
        if facilitator is not None:
            self.add(CohortFacilitator(cohort_id=plan.cohort_id, person_id=facilitator))
        return workshop.id

    def attendance(
        self,
        workshop_id: uuid.UUID,
        person_id: uuid.UUID,
        recorded_by: uuid.UUID,
        status: AttendanceStatus = AttendanceStatus.present,
    ) -> None:
        self.add(
            Attendance(
                workshop_id=workshop_id,
                person_id=person_id,
                status=status,
                recorded_by_id=recorded_by,
            )
        )

    def ended_programme(self, ended_days_ago: int | None, follow_up_days: int = 90) -> uuid.UUID:
        """A programme that ended that many days ago (``None``: one without an end date)."""
        today = hedensted_today()
        programme = Programme(
            title=f"Kultur- og kompetenceudviklingsforløb {uuid.uuid4().hex[:6]}",
            kind=ProgrammeKind.udviklingsforloeb,
            starts_on=today - timedelta(days=(ended_days_ago or 0) + 365),
            ends_on=None if ended_days_ago is None else today - timedelta(days=ended_days_ago),
            transfer_follow_up_days=follow_up_days,
        )
        self.add(programme)
        return programme.id

    def enrolment(
        self,
        programme_id: uuid.UUID,
        person_id: uuid.UUID,
        status: EnrolmentStatus,
        completed_days_ago: int | None = None,
    ) -> uuid.UUID:
        completed_at = (
            None
            if completed_days_ago is None
            else datetime.now(UTC) - timedelta(days=completed_days_ago)
        )
        enrolment = Enrolment(
            programme_id=programme_id, person_id=person_id, status=status, completed_at=completed_at
        )
        self.add(enrolment)
        return enrolment.id


@dataclass
class Scene:
    """Anne owns a project with a trial action in Hold 1. Bo is her buddy; Bo and Cecilie
    share her learning group; Lene leads Anne's unit; Dorte is in the cohort but another
    group; Erik is a colleague outside the programme."""

    plan: Programme2Modules
    project_id: uuid.UUID
    trial_action_id: uuid.UUID
    people: dict[str, uuid.UUID]


ROLES = {
    "anne": ("participant",),
    "bo": ("participant",),
    "cecilie": ("participant",),
    "dorte": ("participant",),
    "erik": ("participant",),
    "lene": ("leader",),
}


def build_scene(arrange: FeedbackArrange) -> Scene:
    plan = arrange.hedensted_programme(participants=0)
    unit = arrange.org_unit("Hjemmeplejen Nord")
    people: dict[str, uuid.UUID] = {"lene": arrange.leader_of(unit, "lene")}
    # Anne works in Lene's unit
    people["anne"] = arrange.person("anne", "Anne Ærø", org_unit_id=unit)
    arrange.enrol(plan.programme_id, plan.cohort_id, people["anne"])
    for sub, name in (("bo", "Bo Østergaard"), ("cecilie", "Cecilie Ålund"), ("dorte", None)):
        people[sub] = arrange.participant(plan, sub=sub, name=name)
    people["erik"] = arrange.person("erik", "Erik Kollega", org_unit_id=unit)
    group = arrange.learning_group(
        plan.cohort_id, [people["anne"], people["bo"], people["cecilie"]]
    )
    arrange.learning_group(plan.cohort_id, [people["dorte"]], name="Læringsgruppe 2")
    arrange.buddies(plan.cohort_id, group, people["anne"], people["bo"])
    project_id, action_id = arrange.project_with_trial_action([people["anne"]], plan.cohort_id)
    return Scene(plan, project_id, action_id, people)


def as_(auth: HeaderFactory, sub: str, *roles: str) -> dict[str, str]:
    return auth(HEDENSTED, *(roles or ROLES[sub]), sub=sub)


def feedback_body(trial_action_id: uuid.UUID, kind: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "trial_action_id": str(trial_action_id),
        "kind": kind,
        "what_worked": "Du lod borgerne tage ordet – det gav ejerskab.",
        "try_next": "Lad borgerne invitere naboerne næste gang.",
    }
    body.update(extra)
    return body


def arrange_for(client: TestClient) -> FeedbackArrange:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    return FeedbackArrange(runtime.engine, runtime.settings)
