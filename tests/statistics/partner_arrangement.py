"""Arranging a municipality's programme linked to a partner offering, straight in the
database through a tenant session (the session's hooks keep the aggregates current)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectOwner,
    ProjectPhase,
    ProjectStatus,
    TrialAction,
    TrialActionStatus,
)
from praksis.cohorts.models import Cohort
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.models import (
    EvaluationReceipt,
    FeedbackKind,
    TransferFollowUp,
    TrialActionFeedback,
    WorkshopEvaluation,
)
from praksis.kerneopgaver.models import Kerneopgave
from praksis.people.models import Person
from praksis.programmes.models import (
    Grading,
    Programme,
    ProgrammeKind,
    ProgrammeModule,
    ProgrammeStatus,
)
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop
from tests.cohorts.helpers import db
from tests.conftest import HeaderFactory

API = "/api/v1"

Trial = tuple[TrialActionStatus, list[FeedbackKind]]


@dataclass
class CellSpec:
    """What one municipality's programme in an offering holds. People are enrolled in this
    order: the completed ones first, then ``enrolments`` in their order; attendance,
    evaluations (with receipts), projects and follow-ups go to the people in that order."""

    grading: Grading = Grading.none
    completed: list[tuple[int | None, bool | None]] = field(default_factory=list)
    enrolments: dict[EnrolmentStatus, int] = field(default_factory=dict)
    attendance: list[AttendanceStatus] = field(default_factory=list)
    projects: list[tuple[ProjectStatus, ProjectPhase, list[Trial]]] = field(default_factory=list)
    evaluations: list[tuple[int, int, int]] = field(default_factory=list)
    follow_ups: list[int] = field(default_factory=list)
    # evaluations go round the workshops: with 2, the first person answers the first two
    workshops: int = 1
    year: int = 2025  # of the round: its workshops start in March


def create_offering(
    client: TestClient,
    auth: HeaderFactory,
    partner: str,
    title: str,
    municipality_ids: list[str],
) -> str:
    response = client.post(
        f"{API}/partner-offerings",
        json={"title": title, "kind": "udviklingsforloeb", "municipality_ids": municipality_ids},
        headers=auth(None, "partner", partner=partner, sub=f"{partner}-statistik"),
    )
    assert response.status_code == 201, response.text
    offering_id: str = response.json()["id"]
    return offering_id


def arrange_cell(client: TestClient, tenant: str, offering_id: str, spec: CellSpec) -> None:
    with db(client, tenant) as session:

        def add(*objects: Any) -> None:
            session.add_all(objects)
            session.flush()

        kerneopgave = Kerneopgave(title=f"Kerneopgave {uuid.uuid4().hex[:6]}", citizen_outcome="…")
        add(kerneopgave)
        programme = Programme(
            title="Partnerforløb",
            kind=ProgrammeKind.udviklingsforloeb,
            status=ProgrammeStatus.running,
            grading=spec.grading,
            offering_id=uuid.UUID(offering_id),
            ends_on=date(2025, 6, 30),
        )
        add(programme)
        cohort = Cohort(programme_id=programme.id, name=f"Hold {uuid.uuid4().hex[:6]}", capacity=99)
        module = ProgrammeModule(programme_id=programme.id, position=1, title="Modul 1")
        add(cohort, module)
        starts = datetime(spec.year, 3, 3, 9, tzinfo=UTC)
        workshops = [
            Workshop(
                module_id=module.id,
                cohort_id=cohort.id,
                title=f"Samskabelse {n + 1}",
                starts_at=starts + timedelta(days=7 * n),
                ends_at=starts + timedelta(days=7 * n, hours=3),
            )
            for n in range(spec.workshops)
        ]
        add(*workshops)
        workshop = workshops[0]
        places: list[tuple[EnrolmentStatus, int | None, bool | None]] = [
            (EnrolmentStatus.completed, grade, passed) for grade, passed in spec.completed
        ]
        for status, count in spec.enrolments.items():
            places += [(status, None, None)] * count
        people = [Person(name=f"Deltager {n}") for n in range(len(places))]
        add(*people)
        enrolments = [
            Enrolment(
                programme_id=programme.id,
                cohort_id=cohort.id,
                person_id=person.id,
                status=status,
                grade=grade,
                passed=passed,
            )
            for person, (status, grade, passed) in zip(people, places, strict=True)
        ]
        add(*enrolments)
        add(
            *(
                Attendance(
                    workshop_id=workshop.id,
                    person_id=person.id,
                    status=status,
                    recorded_by_id=person.id,
                )
                for person, status in zip(people, spec.attendance, strict=False)
            )
        )
        for n, (relevance, learning, usefulness) in enumerate(spec.evaluations):
            evaluated = workshops[n % spec.workshops].id
            add(
                WorkshopEvaluation(
                    workshop_id=evaluated,
                    relevance=relevance,
                    learning=learning,
                    usefulness=usefulness,
                    comment="Fri tekst må aldrig vises",
                ),
                EvaluationReceipt(workshop_id=evaluated, person_id=people[n // spec.workshops].id),
            )
        for person, (status, phase, trials) in zip(people, spec.projects, strict=False):
            project = ActionLearningProject(
                title="Projekt",
                challenge="Hemmelig tekst om borgeren",
                kerneopgave_id=kerneopgave.id,
                cohort_id=cohort.id,
                status=status,
                phase=phase,
                created_by_id=person.id,
            )
            add(project)
            add(ProjectOwner(project_id=project.id, person_id=person.id))
            for trial_status, kinds in trials:
                trial = TrialAction(
                    project_id=project.id, title="Prøvehandling", status=trial_status
                )
                add(trial)
                add(
                    *(
                        TrialActionFeedback(
                            trial_action_id=trial.id,
                            author_id=person.id,
                            kind=kind,
                            what_worked="x",
                        )
                        for kind in kinds
                    )
                )
        for enrolment, usage in zip(enrolments, spec.follow_ups, strict=False):
            add(
                TransferFollowUp(
                    enrolment_id=enrolment.id,
                    person_id=enrolment.person_id,
                    due_on=date(2025, 9, 30),
                    usage=usage,
                    examples="Fri tekst",
                )
            )
