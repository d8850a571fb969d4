"""Municipality statistics against figures computed by hand on a small arranged municipality.

Hedensted (arranged straight in the database):

    Børn & Læring (forvaltning)
      ├─ Fritid & Fællesskab (afdeling A) ── Æblehaven (team T)
      └─ Ældre (afdeling B)

Programme P1 "Udviklingsforløb" (kerneopgave Læring), cohort C1, created 2026-03-10:
  a1, a2, t1 approved; a3 completed (12, passed); a4 completed (7, passed); t2 withdrawn;
  b1 declined (no cohort).
Programme P2 "Kursus i omsorg" (kerneopgave Omsorg), cohort C2, created 2025-01-15:
  b2 nominated (C2); b3 waitlisted.
Attendance at workshop W1 (C1): a1, a2, a3 present, a4 absent; b2 present (not in C1: ignored).
Projects: X (C1, a1) active/afproeve: planned + done (buddy, colleague feedback);
  Y (C1, a3) completed/evaluere: done (buddy feedback) + dropped;
  Z (C2, b2) paused/udforske: planned; W (C1, owner b1 not in C1: ignored) done (leader fb).
Horsens has a completed enrolment graded 10 with attendance and evaluations: never counted.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

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
from praksis.kit.db import TenantSession, tenant_session
from praksis.people.models import OrgUnit, OrgUnitKind, OrgUnitLeader, Person
from praksis.programmes.models import (
    Grading,
    Programme,
    ProgrammeKerneopgave,
    ProgrammeKind,
    ProgrammeModule,
    ProgrammeStatus,
)
from praksis.settings import Settings
from praksis.statistics.scope_reads import STATUSES
from praksis.statistics.service import StatisticsFilter, municipality_statistics
from praksis.statistics.service import _rows as breakdown_rows
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop
from tests.cohorts.helpers import db
from tests.conftest import HEDENSTED, HORSENS, HeaderFactory
from tests.statistics.municipality_views import context
from tests.statistics.settling import assert_fresh, settle_statistics

URL = "/api/v1/statistics/municipality"
P1_CREATED = datetime(2026, 3, 10, 12, tzinfo=UTC)
P2_CREATED = datetime(2025, 1, 15, 12, tzinfo=UTC)
LEADER_OF_A = "leder-fritid"


def _add(session: TenantSession, *objects: Any) -> None:
    session.add_all(objects)
    session.flush()


def _unit(session: TenantSession, name: str, kind: OrgUnitKind, parent: OrgUnit | None) -> OrgUnit:
    unit = OrgUnit(name=name, kind=kind, parent_id=parent.id if parent else None)
    _add(session, unit)
    return unit


def _programme(session: TenantSession, title: str, kerneopgave: Kerneopgave) -> Programme:
    programme = Programme(
        title=title,
        kind=ProgrammeKind.udviklingsforloeb,
        status=ProgrammeStatus.running,
        grading=Grading.danish_7_point,
    )
    _add(session, programme)
    _add(session, ProgrammeKerneopgave(programme_id=programme.id, kerneopgave_id=kerneopgave.id))
    return programme


def _workshop(session: TenantSession, programme: Programme, cohort: Cohort) -> Workshop:
    module = ProgrammeModule(programme_id=programme.id, position=1, title="Modul 1")
    _add(session, module)
    return _workshop_at(session, module.id, cohort.id, datetime(2026, 4, 1, 9, tzinfo=UTC))


def _workshop_at(
    session: TenantSession, module_id: uuid.UUID, cohort_id: uuid.UUID, starts: datetime
) -> Workshop:
    workshop = Workshop(
        module_id=module_id,
        cohort_id=cohort_id,
        title="Samskabelse",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    _add(session, workshop)
    return workshop


def _enrol(
    session: TenantSession,
    person: Person,
    programme: Programme,
    status: EnrolmentStatus,
    *,
    cohort: Cohort | None,
    created_at: datetime,
    grade: int | None = None,
    passed: bool | None = None,
) -> Enrolment:
    enrolment = Enrolment(
        programme_id=programme.id,
        cohort_id=cohort.id if cohort else None,
        person_id=person.id,
        status=status,
        grade=grade,
        passed=passed,
        created_at=created_at,
    )
    _add(session, enrolment)
    return enrolment


def _project(
    session: TenantSession,
    owner: Person,
    cohort: Cohort,
    kerneopgave: Kerneopgave,
    status: ProjectStatus,
    phase: ProjectPhase,
    trials: list[tuple[TrialActionStatus, list[FeedbackKind]]],
) -> None:
    project = ActionLearningProject(
        title="Projekt",
        challenge="Hemmelig tekst om borgeren",
        kerneopgave_id=kerneopgave.id,
        cohort_id=cohort.id,
        status=status,
        phase=phase,
        created_by_id=owner.id,
    )
    _add(session, project)
    _add(session, ProjectOwner(project_id=project.id, person_id=owner.id))
    for trial_status, kinds in trials:
        trial = TrialAction(project_id=project.id, title="Prøvehandling", status=trial_status)
        _add(session, trial)
        for kind in kinds:
            _add(
                session,
                TrialActionFeedback(
                    trial_action_id=trial.id, author_id=owner.id, kind=kind, what_worked="Godt"
                ),
            )


def arrange_hedensted(client: TestClient) -> dict[str, Any]:
    with db(client, HEDENSTED) as session:
        forvaltning = _unit(session, "Børn & Læring", OrgUnitKind.forvaltning, None)
        unit_a = _unit(session, "Fritid & Fællesskab", OrgUnitKind.afdeling, forvaltning)
        team_t = _unit(session, "Æblehaven", OrgUnitKind.team, unit_a)
        unit_b = _unit(session, "Ældre", OrgUnitKind.afdeling, forvaltning)
        people = {}
        for name, unit in [
            ("a1", unit_a),
            ("a2", unit_a),
            ("a3", unit_a),
            ("a4", unit_a),
            ("t1", team_t),
            ("t2", team_t),
            ("b1", unit_b),
            ("b2", unit_b),
            ("b3", unit_b),
        ]:
            people[name] = Person(name=f"Søren {name}", org_unit_id=unit.id)
        leader = Person(
            name="Leder Åse", org_unit_id=unit_a.id, subject=f"praksis-dev|{LEADER_OF_A}"
        )
        _add(session, *people.values(), leader)
        _add(session, OrgUnitLeader(org_unit_id=unit_a.id, person_id=leader.id))
        laering = Kerneopgave(title="Læring", citizen_outcome="Børn lærer mere.")
        omsorg = Kerneopgave(title="Omsorg", citizen_outcome="Ældre klarer sig selv.")
        _add(session, laering, omsorg)
        p1 = _programme(session, "Udviklingsforløb", laering)
        p2 = _programme(session, "Kursus i omsorg", omsorg)
        c1 = Cohort(programme_id=p1.id, name="Hold 1", capacity=20)
        c2 = Cohort(programme_id=p2.id, name="Hold 1", capacity=20)
        _add(session, c1, c2)

        s = EnrolmentStatus
        enrolments = {
            "a1": _enrol(session, people["a1"], p1, s.approved, cohort=c1, created_at=P1_CREATED),
            "a2": _enrol(session, people["a2"], p1, s.approved, cohort=c1, created_at=P1_CREATED),
            "t1": _enrol(session, people["t1"], p1, s.approved, cohort=c1, created_at=P1_CREATED),
            "a3": _enrol(
                session,
                people["a3"],
                p1,
                s.completed,
                cohort=c1,
                created_at=P1_CREATED,
                grade=12,
                passed=True,
            ),
            "a4": _enrol(
                session,
                people["a4"],
                p1,
                s.completed,
                cohort=c1,
                created_at=P1_CREATED,
                grade=7,
                passed=True,
            ),
            "t2": _enrol(session, people["t2"], p1, s.withdrawn, cohort=c1, created_at=P1_CREATED),
            "b1": _enrol(session, people["b1"], p1, s.declined, cohort=None, created_at=P1_CREATED),
            "b2": _enrol(session, people["b2"], p2, s.nominated, cohort=c2, created_at=P2_CREATED),
            "b3": _enrol(
                session, people["b3"], p2, s.waitlisted, cohort=None, created_at=P2_CREATED
            ),
        }
        w1 = _workshop(session, p1, c1)
        for name, status in [
            ("a1", AttendanceStatus.present),
            ("a2", AttendanceStatus.present),
            ("a3", AttendanceStatus.present),
            ("a4", AttendanceStatus.absent),
            ("b2", AttendanceStatus.present),
        ]:
            _add(
                session,
                Attendance(
                    workshop_id=w1.id,
                    person_id=people[name].id,
                    status=status,
                    recorded_by_id=leader.id,
                ),
            )
        t, k = TrialActionStatus, FeedbackKind
        _project(
            session,
            people["a1"],
            c1,
            laering,
            ProjectStatus.active,
            ProjectPhase.afproeve,
            [(t.planned, []), (t.done, [k.buddy, k.colleague])],
        )
        _project(
            session,
            people["a3"],
            c1,
            laering,
            ProjectStatus.completed,
            ProjectPhase.evaluere,
            [(t.done, [k.buddy]), (t.dropped, [])],
        )
        _project(
            session,
            people["b2"],
            c2,
            omsorg,
            ProjectStatus.paused,
            ProjectPhase.udforske,
            [(t.planned, [])],
        )
        _project(
            session,
            people["b1"],
            c1,
            laering,
            ProjectStatus.active,
            ProjectPhase.designe,
            [(t.done, [k.leader])],
        )
        return {
            "units": {"A": str(unit_a.id), "T": str(team_t.id), "B": str(unit_b.id)},
            "programmes": {"P1": str(p1.id), "P2": str(p2.id)},
            "kerneopgaver": {"Læring": str(laering.id), "Omsorg": str(omsorg.id)},
            "workshop": w1.id,
            "enrolments": {name: (e.id, e.person_id) for name, e in enrolments.items()},
        }


def arrange_horsens(client: TestClient) -> None:
    with db(client, HORSENS) as session:
        unit = _unit(session, "Borgerservice", OrgUnitKind.afdeling, None)
        person = Person(name="Horsens-deltager", org_unit_id=unit.id)
        _add(session, person)
        kerneopgave = Kerneopgave(title="Service", citizen_outcome="Hurtig hjælp.")
        _add(session, kerneopgave)
        programme = _programme(session, "Horsens-forløb", kerneopgave)
        cohort = Cohort(programme_id=programme.id, name="Hold H", capacity=21)
        _add(session, cohort)
        enrolment = _enrol(
            session,
            person,
            programme,
            EnrolmentStatus.completed,
            cohort=cohort,
            created_at=P1_CREATED,
            grade=10,
            passed=True,
        )
        workshop = _workshop(session, programme, cohort)
        _add(
            session,
            Attendance(
                workshop_id=workshop.id,
                person_id=person.id,
                status=AttendanceStatus.present,
                recorded_by_id=person.id,
            ),
            *answered(session, workshop.id, [(1, 1, 1)] * 5),
            TransferFollowUp(
                enrolment_id=enrolment.id, person_id=person.id, due_on=date(2026, 6, 1), usage=1
            ),
        )


def answered(
    session: TenantSession,
    workshop_id: uuid.UUID,
    scores: list[tuple[int, ...]],
    people: list[uuid.UUID] | None = None,
) -> list[Any]:
    """Anonymous evaluations of a workshop and, apart from them, the receipts saying who
    answered: a new person for each answer unless ``people`` are given."""
    if people is None:
        newcomers = [Person(name=f"Evaluerende {n}") for n in range(len(scores))]
        _add(session, *newcomers)
        people = [person.id for person in newcomers]
    rows: list[Any] = [
        WorkshopEvaluation(
            workshop_id=workshop_id,
            relevance=relevance,
            learning=learning,
            usefulness=usefulness,
            comment="Fri tekst må aldrig vises",
        )
        for relevance, learning, usefulness in scores
    ]
    return rows + [EvaluationReceipt(workshop_id=workshop_id, person_id=p) for p in people]


def add_evaluations(
    client: TestClient,
    workshop_id: uuid.UUID,
    scores: list[tuple[int, ...]],
    people: list[uuid.UUID] | None = None,
) -> None:
    with db(client, HEDENSTED) as session:
        _add(session, *answered(session, workshop_id, scores, people))


def add_follow_ups(client: TestClient, arranged: dict[str, Any], usage: dict[str, int]) -> None:
    with db(client, HEDENSTED) as session:
        for name, value in usage.items():
            enrolment_id, person_id = arranged["enrolments"][name]
            _add(
                session,
                TransferFollowUp(
                    enrolment_id=enrolment_id,
                    person_id=person_id,
                    due_on=date(2026, 6, 1),
                    usage=value,
                    examples="Fri tekst",
                ),
            )


def funnel(**counts: int) -> dict[str, int]:
    result = {status.value: counts.get(status.value, 0) for status in EnrolmentStatus}
    result["ever_approved"] = result["approved"] + result["completed"]
    result["total"] = sum(counts.values())
    return result


def get(client: TestClient, headers: dict[str, str], **params: str) -> dict[str, Any]:
    settle_statistics(client)
    response = client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert_fresh(body.pop("as_of"))
    return body


@pytest.fixture
def arranged(client: TestClient, database: Any) -> dict[str, Any]:
    arranged = arrange_hedensted(client)
    arrange_horsens(client)
    return arranged


def test_hr_sees_the_funnel_completion_and_attendance_of_the_whole_municipality(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    body = get(client, auth(HEDENSTED, "hr_admin"))

    assert body["funnel"] == funnel(
        approved=3, completed=2, withdrawn=1, declined=1, nominated=1, waitlisted=1
    )
    assert body["completion_rate"] == round(2 / 6, 4)
    assert body["attendance"] == {"present": 3, "recorded": 4, "rate": 0.75}


def test_breakdowns_count_each_person_in_their_department_kerneopgave_and_programme(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    body = get(client, auth(HEDENSTED, "hr_admin"))

    units = {row["label"]: row for row in body["by_org_unit"]}
    assert set(units) == {"Fritid & Fællesskab", "Ældre"}  # the team counts in its afdeling
    fritid, aeldre = units["Fritid & Fællesskab"], units["Ældre"]
    assert fritid["key"] == arranged["units"]["A"]
    assert fritid["funnel"] == funnel(approved=3, completed=2, withdrawn=1)
    assert fritid["completion_rate"] == round(2 / 6, 4)
    assert fritid["attendance"] == {"present": 3, "recorded": 4, "rate": 0.75}
    assert aeldre["funnel"] == funnel(declined=1, nominated=1, waitlisted=1)
    assert aeldre["completion_rate"] is None
    assert aeldre["attendance"] == {"present": 0, "recorded": 0, "rate": None}

    kerneopgaver = {row["label"]: row["funnel"] for row in body["by_kerneopgave"]}
    assert kerneopgaver == {
        "Læring": funnel(approved=3, completed=2, withdrawn=1, declined=1),
        "Omsorg": funnel(nominated=1, waitlisted=1),
    }
    programmes = {row["label"]: row for row in body["by_programme"]}
    assert programmes["Udviklingsforløb"]["funnel"] == kerneopgaver["Læring"]
    assert programmes["Udviklingsforløb"]["attendance"]["rate"] == 0.75
    assert programmes["Kursus i omsorg"]["funnel"] == kerneopgaver["Omsorg"]


def test_hr_sees_each_cohort_and_the_enrolments_not_placed_in_one(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    body = get(client, auth(HEDENSTED, "hr_admin"))

    cohorts = {row["label"]: row for row in body["by_cohort"]}
    # two cohorts named "Hold 1": the label names the programme too
    assert set(cohorts) == {"Udviklingsforløb – Hold 1", "Kursus i omsorg – Hold 1", "(ingen)"}
    first = cohorts["Udviklingsforløb – Hold 1"]
    assert first["funnel"] == funnel(approved=3, completed=2, withdrawn=1)
    assert first["attendance"] == {"present": 3, "recorded": 4, "rate": 0.75}
    assert cohorts["Kursus i omsorg – Hold 1"]["funnel"] == funnel(nominated=1)
    assert cohorts["(ingen)"]["key"] is None
    assert cohorts["(ingen)"]["funnel"] == funnel(declined=1, waitlisted=1)
    # by label, the enrolments without a cohort last
    assert [row["label"] for row in body["by_cohort"]] == [
        "Kursus i omsorg – Hold 1",
        "Udviklingsforløb – Hold 1",
        "(ingen)",
    ]
    # a leader's scope has the same breakdown, of their units' people only
    led = get(client, auth(HEDENSTED, "leader", sub=LEADER_OF_A))
    assert {row["label"] for row in led["by_cohort"]} == {"Udviklingsforløb – Hold 1"}


def test_action_learning_figures_follow_the_owners_enrolment_in_the_projects_cohort(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    body = get(client, auth(HEDENSTED, "hr_admin"))

    assert body["projects"]["total"] == 3
    assert body["projects"]["by_status"] == {
        "active": 1,
        "completed": 1,
        "paused": 1,
        "abandoned": 0,
    }
    assert body["projects"]["by_phase"] == {
        "udforske": 1,
        "designe": 0,
        "afproeve": 1,
        "evaluere": 1,
    }
    assert body["trial_actions"] == {"planned": 2, "done": 2, "dropped": 1}
    assert body["feedback"] == {
        "total": 3,
        "by_kind": {"buddy": 2, "learning_group": 0, "leader": 0, "colleague": 1, "facilitator": 0},
    }


def test_grades_and_pass_rate_count_completed_enrolments_on_the_7_point_scale(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    level_2 = get(client, auth(HEDENSTED, "hr_admin"))["kirkpatrick"]["level_2_learning"]

    grades = {row["grade"]: row["count"] for row in level_2["grades"]}
    assert grades == {-3: 0, 0: 0, 2: 0, 4: 0, 7: 1, 10: 0, 12: 1}  # Horsens' 10 is not ours
    assert (level_2["passed"], level_2["failed"], level_2["pass_rate"]) == (2, 0, 1.0)


def test_evaluation_averages_need_five_responses(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    scores = [(5, 4, 3), (4, 4, 3), (4, 4, 4), (3, 4, 5)]
    add_evaluations(client, arranged["workshop"], scores)

    level_1 = get(client, auth(HEDENSTED, "hr_admin"))["kirkpatrick"]["level_1_reaction"]
    assert level_1 == {
        "responses": 4,
        "people": 4,
        "min_responses": 5,
        "relevance": None,
        "learning": None,
        "usefulness": None,
    }

    add_evaluations(client, arranged["workshop"], [(5, 5, 5)])
    level_1 = get(client, auth(HEDENSTED, "hr_admin"))["kirkpatrick"]["level_1_reaction"]
    assert level_1 == {
        "responses": 5,
        "people": 5,
        "min_responses": 5,
        "relevance": 4.2,  # 21 / 5
        "learning": 4.2,  # 21 / 5
        "usefulness": 4.0,  # 20 / 5
    }


def test_averages_count_people_not_answers(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    """Three people answering two workshops each give six answers: still three people, so no
    average (it would show their ratings); a transfer follow-up average the same."""
    with db(client, HEDENSTED) as session:
        april = session.get(Workshop, (HEDENSTED, arranged["workshop"]))
        assert april is not None
        later = _workshop_at(
            session, april.module_id, april.cohort_id, datetime(2026, 4, 20, 9, tzinfo=UTC)
        )
        three = [Person(name=f"Deltager {n}") for n in range(3)]
        _add(session, *three)
        people = [person.id for person in three]
        for workshop in (april.id, later.id):
            _add(session, *answered(session, workshop, [(5, 1, 5)] * 3, people))

    level_1 = get(client, auth(HEDENSTED, "hr_admin"))["kirkpatrick"]["level_1_reaction"]
    assert (level_1["responses"], level_1["people"]) == (6, 3)
    assert level_1["relevance"] is None
    (april_figures,) = get(client, auth(HEDENSTED, "hr_admin"))["kirkpatrick"]["level_1_by_month"]
    assert (april_figures["responses"], april_figures["people"]) == (6, 3)
    assert april_figures["relevance"] is None

    add_evaluations(client, arranged["workshop"], [(1, 1, 1)] * 2)  # two more people
    level_1 = get(client, auth(HEDENSTED, "hr_admin"))["kirkpatrick"]["level_1_reaction"]
    assert (level_1["responses"], level_1["people"], level_1["relevance"]) == (8, 5, 4.0)


def test_evaluations_over_time_fold_workshops_into_months_of_the_municipality_s_time(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    add_evaluations(client, arranged["workshop"], [(4, 4, 4)] * 4 + [(5, 3, 2)])  # 1 April 2026
    with db(client, HEDENSTED) as session:
        april = session.get(Workshop, (HEDENSTED, arranged["workshop"]))
        assert april is not None
        # 23:30 UTC on 31 October is 00:30 on 1 November in Hedensted (UTC+1)
        late = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)
        november = _workshop_at(session, april.module_id, april.cohort_id, late)
        _add(session, *answered(session, november.id, [(2, 3, 4)] * 3))

    body = get(client, auth(HEDENSTED, "hr_admin"))
    assert body["kirkpatrick"]["level_1_by_month"] == [
        {
            "month": "2026-04",
            "responses": 5,
            "people": 5,
            "relevance": 4.2,
            "learning": 3.8,
            "usefulness": 3.6,
        },
        {
            "month": "2026-11",
            "responses": 3,
            "people": 3,
            "relevance": None,
            "learning": None,
            "usefulness": None,
        },
    ]
    assert body["kirkpatrick"]["level_1_reaction"]["responses"] == 8
    settle_statistics(client)
    response = client.get(URL, params={"format": "csv"}, headers=auth(HEDENSTED, "hr_admin"))
    assert "kirkpatrick;level_1_by_month;2026-04;relevance;4,2" in response.content.decode(
        "utf-8-sig"
    )


def test_transfer_follow_up_usage_needs_five_answers(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    add_follow_ups(client, arranged, {"a3": 4, "a4": 5, "a1": 3, "a2": 4})
    level_3 = get(client, auth(HEDENSTED, "hr_admin"))["kirkpatrick"]["level_3_behaviour"]
    assert level_3 == {"answers": 4, "people": 4, "min_answers": 5, "average_usage": None}

    add_follow_ups(client, arranged, {"t1": 5})
    level_3 = get(client, auth(HEDENSTED, "hr_admin"))["kirkpatrick"]["level_3_behaviour"]
    assert level_3 == {"answers": 5, "people": 5, "min_answers": 5, "average_usage": 4.2}


def test_filters_narrow_to_programme_kerneopgave_unit_and_period(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    hr = auth(HEDENSTED, "hr_admin")
    p2 = get(client, hr, programme_id=arranged["programmes"]["P2"])
    assert p2["funnel"] == funnel(nominated=1, waitlisted=1)
    assert p2["attendance"]["recorded"] == 0
    assert p2["projects"]["total"] == 1

    laering = get(client, hr, kerneopgave_id=arranged["kerneopgaver"]["Læring"])
    assert laering["funnel"] == funnel(approved=3, completed=2, withdrawn=1, declined=1)

    unit_a = get(client, hr, org_unit_id=arranged["units"]["A"])  # with its team
    assert unit_a["funnel"] == funnel(approved=3, completed=2, withdrawn=1)

    january_2025 = get(client, hr, **{"from": "2025-01-01", "to": "2025-01-31"})
    assert january_2025["funnel"] == funnel(nominated=1, waitlisted=1)
    from_2026 = get(client, hr, **{"from": "2026-03-10"})
    assert from_2026["funnel"]["total"] == 7
    until_2026_03_09 = get(client, hr, to="2026-03-09")
    assert until_2026_03_09["funnel"]["total"] == 2


def test_a_leader_sees_only_their_own_units_and_below(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    leader = auth(HEDENSTED, "leader", sub=LEADER_OF_A)
    body = get(client, leader)
    assert body["funnel"] == funnel(approved=3, completed=2, withdrawn=1)
    assert [row["label"] for row in body["by_org_unit"]] == ["Fritid & Fællesskab"]
    assert body["projects"]["total"] == 2
    assert body["trial_actions"] == {"planned": 1, "done": 2, "dropped": 1}

    team = get(client, leader, org_unit_id=arranged["units"]["T"])
    assert team["funnel"] == funnel(approved=1, withdrawn=1)
    assert team["completion_rate"] == 0.0


def test_a_leader_asking_for_another_unit_is_refused(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    leader = auth(HEDENSTED, "leader", sub=LEADER_OF_A)
    settle_statistics(client)
    response = client.get(URL, params={"org_unit_id": arranged["units"]["B"]}, headers=leader)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_leader_with_no_units_gets_empty_figures(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    body = get(client, auth(HEDENSTED, "leader", sub="leder-uden-enhed"))
    assert body["funnel"] == funnel()
    assert body["completion_rate"] is None
    assert body["by_org_unit"] == body["by_programme"] == body["by_kerneopgave"] == []
    assert body["projects"]["total"] == 0
    assert body["kirkpatrick"]["level_1_reaction"]["responses"] == 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [("hr_admin", 200), ("leader", 200), ("participant", 403), ("facilitator", 403)],
)
def test_only_hr_and_leaders_see_municipality_statistics(
    client: TestClient, auth: HeaderFactory, database: Any, role: str, expected: int
) -> None:
    settle_statistics(client)
    response = client.get(URL, headers=auth(HEDENSTED, role))
    assert response.status_code == expected, response.text


def test_a_partner_token_cannot_read_a_municipality_s_statistics(
    client: TestClient, auth: HeaderFactory, database: Any
) -> None:
    settle_statistics(client)
    response = client.get(URL, headers=auth(None, "partner", partner="kl"))
    assert response.status_code in (401, 403)


def test_another_municipality_s_data_is_never_counted(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    horsens = get(client, auth(HORSENS, "hr_admin"))
    assert horsens["funnel"] == funnel(completed=1)
    assert horsens["attendance"] == {"present": 1, "recorded": 1, "rate": 1.0}
    assert horsens["kirkpatrick"]["level_1_reaction"]["relevance"] == 1.0
    assert horsens["projects"]["total"] == 0

    # Hedensted's ids are unknown in Horsens: 404, not figures, not 403
    for name, value in [
        ("org_unit_id", arranged["units"]["A"]),
        ("programme_id", arranged["programmes"]["P1"]),
        ("kerneopgave_id", arranged["kerneopgaver"]["Læring"]),
    ]:
        settle_statistics(client)
        response = client.get(URL, params={name: value}, headers=auth(HORSENS, "hr_admin"))
        assert response.status_code == 404, name


def test_the_response_holds_no_person_ids_names_or_free_text(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    add_evaluations(client, arranged["workshop"], [(5, 5, 5)] * 5)
    add_follow_ups(client, arranged, {"a1": 4})
    settle_statistics(client)
    text = client.get(URL, headers=auth(HEDENSTED, "hr_admin")).text

    for _enrolment_id, person_id in arranged["enrolments"].values():
        assert str(person_id) not in text
    for secret in ("Søren", "Leder Åse", "Fri tekst", "Hemmelig", "Godt"):
        assert secret not in text


def test_a_period_ending_before_it_starts_is_invalid(
    client: TestClient, auth: HeaderFactory, database: Any
) -> None:
    settle_statistics(client)
    response = client.get(
        URL, params={"from": "2026-02-01", "to": "2026-01-01"}, headers=auth(HEDENSTED, "hr_admin")
    )
    assert response.status_code == 422


@pytest.mark.parametrize("how", ["query", "accept"])
def test_csv_export_opens_in_danish_excel(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any], how: str
) -> None:
    headers = auth(HEDENSTED, "hr_admin")
    settle_statistics(client)
    if how == "query":
        response = client.get(URL, params={"format": "csv"}, headers=headers)
    else:
        response = client.get(URL, headers={**headers, "Accept": "text/csv"})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[0] == "section;key;label;measure;value"
    assert "overall;;I alt;attendance.rate;0,75" in lines
    assert "overall;;I alt;completion_rate;0,3333" in lines
    assert "overall;;I alt;funnel.total;9" in lines
    unit_a = arranged["units"]["A"]
    assert f"by_org_unit;{unit_a};Fritid & Fællesskab;attendance.rate;0,75" in lines
    assert "kirkpatrick;level_2_learning;;grade.12;1" in lines
    assert "kirkpatrick;level_2_learning;;grade.-3;0" in lines
    assert "kirkpatrick;level_1_reaction;;relevance;" in lines  # too few answers: empty
    assert "by_cohort;;(ingen);funnel.declined;1" in lines
    assert text.count("section;key;label;measure;value") == 9


def test_json_is_the_default_and_format_json_wins_over_accept(
    client: TestClient, auth: HeaderFactory, arranged: dict[str, Any]
) -> None:
    headers = {**auth(HEDENSTED, "hr_admin"), "Accept": "text/csv"}
    settle_statistics(client)
    response = client.get(URL, params={"format": "json"}, headers=headers)
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["funnel"]["total"] == 9


def test_openapi_documents_json_and_csv(client: TestClient, database: Any) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"][URL]["get"]
    assert operation["operationId"] == "get_municipality_statistics"
    content = operation["responses"]["200"]["content"]
    assert {"application/json", "text/csv"} <= set(content)
    assert {p["name"] for p in operation["parameters"]} >= {
        "programme_id",
        "kerneopgave_id",
        "org_unit_id",
        "from",
        "to",
        "format",
    }


@pytest.mark.parametrize("day", ["0", "20260101", "2026-1-1", "i går"])
def test_a_period_day_must_be_written_yyyy_mm_dd(
    client: TestClient, auth: HeaderFactory, database: Any, day: str
) -> None:
    settle_statistics(client)
    response = client.get(URL, params={"to": day}, headers=auth(HEDENSTED, "hr_admin"))
    assert response.status_code == 422


@pytest.mark.postgres_only
def test_the_view_is_planned_for_its_values_in_its_own_transaction_only(
    engine: Engine, settings: Settings, municipalities: list[str]
) -> None:
    """A prepared statement's generic plan (psycopg prepares from the fifth run) costed a
    director's scope without its units and took seconds: the view plans for its values, and
    only inside its transaction, so the pooled connection keeps PostgreSQL's default."""

    def plan_cache_mode(session: Session) -> str:
        return str(session.execute(text("SHOW plan_cache_mode")).scalar_one())

    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        assert plan_cache_mode(session) == "auto"
        municipality_statistics(context(session), StatisticsFilter(from_date=date(2026, 1, 1)))
        assert plan_cache_mode(session) == "force_custom_plan"
    with tenant_session(engine, HEDENSTED, settings.app_db_role) as session:
        assert plan_cache_mode(session) == "auto"


def test_breakdown_rows_with_one_label_are_ordered_by_their_key_as_text() -> None:
    keys = [uuid.uuid4() for _ in range(40)]
    breakdown: dict[uuid.UUID | None, list[int]] = {key: [1] * len(STATUSES) for key in keys}
    breakdown[None] = [1] * len(STATUSES)
    labels = {key: "Team" if index % 2 else "Afdeling" for index, key in enumerate(keys)}

    rows = breakdown_rows(breakdown, labels)

    expected = sorted(keys, key=lambda key: (labels[key], str(key)))
    assert [row["key"] for row in rows] == [*expected, None]
    assert rows[-1]["label"] == "(ingen)"
