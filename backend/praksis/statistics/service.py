"""The municipality's figures, computed with plain GROUP BY queries on the scoped session.

Everything starts from the *enrolments in scope*: those matching the filters (programme,
kerneopgave, the person's org unit and the units below it, created in the period) and, for a
leader, only of people in the units they lead and below. The other figures follow from them:

- attendance: recorded attendance of a person at a workshop of a cohort they are enrolled in;
- projects: action-learning projects with an owner enrolled (in scope) in the project's cohort,
  their trial actions, and the feedback given on those trial actions;
- evaluations (anonymous): of workshops of cohorts with an enrolment in scope;
- grades, pass/fail: completed enrolments in scope; follow-ups: of enrolments in scope.

Averages need ``MIN_RESPONSES_FOR_RESULTS`` answers, else they are null.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, false
from sqlmodel import Session, col, func, select

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
    FeedbackKind,
    TransferFollowUp,
    TrialActionFeedback,
    WorkshopEvaluation,
)
from praksis.feedback.schemas import MIN_RESPONSES_FOR_RESULTS
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kerneopgaver.service import get_kerneopgave
from praksis.kit.context import TenantContext
from praksis.kit.errors import Forbidden, InvalidInput
from praksis.kit.permissions import Role
from praksis.people.models import OrgUnit, Person
from praksis.people.service import department_of, get_org_unit, org_unit_descendants, units_led_by
from praksis.programmes.models import Programme, ProgrammeKerneopgave
from praksis.programmes.service import get_programme
from praksis.statistics.schemas import (
    GRADES_7_POINT,
    AttendanceFigures,
    BreakdownRow,
    EvaluationAverages,
    FeedbackFigures,
    Funnel,
    GradeCount,
    Kirkpatrick,
    LearningFigures,
    MunicipalityStatistics,
    ProjectFigures,
    TransferFigures,
    TrialActionFigures,
)
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

RATE_DIGITS = 4
AVERAGE_DIGITS = 2


@dataclass(frozen=True)
class StatisticsFilter:
    programme_id: uuid.UUID | None = None
    kerneopgave_id: uuid.UUID | None = None
    org_unit_id: uuid.UUID | None = None
    from_date: date | None = None
    to_date: date | None = None


def municipality_statistics(
    context: TenantContext, filters: StatisticsFilter
) -> MunicipalityStatistics:
    """The figures for the caller's municipality (hr_admin) or own units (leader)."""
    session = context.session
    conditions = _enrolment_conditions(context, filters)
    tally = _Tally()
    for person_id, programme_id, status, count in session.exec(
        select(Enrolment.person_id, Enrolment.programme_id, Enrolment.status, func.count())
        .where(*conditions)
        .group_by(col(Enrolment.person_id), col(Enrolment.programme_id), col(Enrolment.status))
    ).all():
        tally.enrolments.append((person_id, programme_id, str(status), int(count)))
    in_scope = select(Enrolment.id).where(*conditions)
    enrolled_in_workshop_cohort = (
        select(Enrolment.id)
        .where(
            *conditions,
            Enrolment.person_id == Attendance.person_id,
            Enrolment.cohort_id == Workshop.cohort_id,
        )
        .exists()
    )
    for person_id, programme_id, status, count in session.exec(
        select(Attendance.person_id, Cohort.programme_id, Attendance.status, func.count())
        .join(Workshop, col(Workshop.id) == Attendance.workshop_id)
        .join(Cohort, col(Cohort.id) == Workshop.cohort_id)
        .where(enrolled_in_workshop_cohort)
        .group_by(col(Attendance.person_id), col(Cohort.programme_id), col(Attendance.status))
    ).all():
        tally.attendance.append((person_id, programme_id, str(status), int(count)))

    overall = tally.figures(lambda _person, _programme: [None])
    departments = department_of(session, tally.people())
    kerneopgaver_of = _kerneopgaver_of(session, tally.programmes())
    by_unit = tally.figures(lambda person, _programme: [departments.get(person)])
    by_kerneopgave = tally.figures(lambda _person, programme: kerneopgaver_of.get(programme, []))
    by_programme = tally.figures(lambda _person, programme: [programme])
    return MunicipalityStatistics(
        **overall.get(None, _empty_figures()),
        by_org_unit=_rows(by_unit, _labels(session, OrgUnit, OrgUnit.name, by_unit)),
        by_kerneopgave=_rows(
            by_kerneopgave, _labels(session, Kerneopgave, Kerneopgave.title, by_kerneopgave)
        ),
        by_programme=_rows(
            by_programme, _labels(session, Programme, Programme.title, by_programme)
        ),
        **_project_figures(session, conditions),
        kirkpatrick=Kirkpatrick(
            level_1_reaction=_evaluation_averages(session, conditions),
            level_2_learning=_learning(session, conditions),
            level_3_behaviour=_transfer(session, in_scope),
        ),
    )


# --- scope ------------------------------------------------------------------------------------


def _enrolment_conditions(
    context: TenantContext, filters: StatisticsFilter
) -> list[ColumnElement[bool]]:
    session = context.session
    roles = context.principal.roles
    if filters.from_date and filters.to_date and filters.from_date > filters.to_date:
        raise InvalidInput("The period's start (from) is after its end (to).")
    units: set[uuid.UUID] | None
    if filters.org_unit_id is not None:
        get_org_unit(session, filters.org_unit_id)
    if Role.hr_admin in roles:
        units = None
        if filters.org_unit_id is not None:
            units = org_unit_descendants(session, {filters.org_unit_id})
    elif Role.leader in roles:
        led = org_unit_descendants(session, units_led_by(session, context.person_id))
        if filters.org_unit_id is not None:
            if filters.org_unit_id not in led:
                raise Forbidden("A leader sees the statistics of their own units only.")
            units = org_unit_descendants(session, {filters.org_unit_id})
        else:
            units = led
    else:
        raise Forbidden("Only HR and leaders see the municipality's statistics.")

    conditions: list[ColumnElement[bool]] = []
    if filters.programme_id is not None:
        get_programme(session, filters.programme_id)
        conditions.append(col(Enrolment.programme_id) == filters.programme_id)
    if filters.kerneopgave_id is not None:
        get_kerneopgave(session, filters.kerneopgave_id)
        conditions.append(
            col(Enrolment.programme_id).in_(
                select(ProgrammeKerneopgave.programme_id).where(
                    ProgrammeKerneopgave.kerneopgave_id == filters.kerneopgave_id
                )
            )
        )
    if units is not None:
        if not units:
            conditions.append(false())
        else:
            conditions.append(
                col(Enrolment.person_id).in_(
                    select(Person.id).where(col(Person.org_unit_id).in_(units))
                )
            )
    zone = ZoneInfo(context.municipality.time_zone)
    if filters.from_date is not None:
        start = datetime.combine(filters.from_date, time.min, zone)
        conditions.append(col(Enrolment.created_at) >= start)
    if filters.to_date is not None:
        end = datetime.combine(filters.to_date + timedelta(days=1), time.min, zone)
        conditions.append(col(Enrolment.created_at) < end)
    return conditions


# --- enrolments and attendance ----------------------------------------------------------------


class _Tally:
    """Rows grouped by (person, programme, status), folded into any breakdown in Python."""

    def __init__(self) -> None:
        self.enrolments: list[tuple[uuid.UUID, uuid.UUID, str, int]] = []
        self.attendance: list[tuple[uuid.UUID, uuid.UUID, str, int]] = []

    def people(self) -> set[uuid.UUID]:
        return {row[0] for row in self.enrolments} | {row[0] for row in self.attendance}

    def programmes(self) -> set[uuid.UUID]:
        return {row[1] for row in self.enrolments} | {row[1] for row in self.attendance}

    def figures(self, keys_of: Any) -> dict[uuid.UUID | None, dict[str, Any]]:
        statuses: dict[uuid.UUID | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        attended: dict[uuid.UUID | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for person, programme, status, count in self.enrolments:
            for key in keys_of(person, programme):
                statuses[key][status] += count
        for person, programme, status, count in self.attendance:
            for key in keys_of(person, programme):
                attended[key][status] += count
        return {
            key: _funnel_figures(statuses.get(key, {}), attended.get(key, {}))
            for key in statuses.keys() | attended.keys()
        }


def _funnel_figures(statuses: dict[str, int], attended: dict[str, int]) -> dict[str, Any]:
    funnel = Funnel(**{status.value: statuses.get(status.value, 0) for status in EnrolmentStatus})
    funnel.ever_approved = funnel.approved + funnel.completed
    funnel.total = sum(statuses.values())
    present = attended.get(AttendanceStatus.present.value, 0)
    recorded = sum(attended.values())
    return {
        "funnel": funnel,
        "completion_rate": _ratio(
            funnel.completed, funnel.approved + funnel.completed + funnel.withdrawn
        ),
        "attendance": AttendanceFigures(
            present=present, recorded=recorded, rate=_ratio(present, recorded)
        ),
    }


def _empty_figures() -> dict[str, Any]:
    return _funnel_figures({}, {})


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, RATE_DIGITS) if whole else None


def _kerneopgaver_of(
    session: Session, programme_ids: set[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    if not programme_ids:
        return {}
    found: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for programme_id, kerneopgave_id in session.exec(
        select(ProgrammeKerneopgave.programme_id, ProgrammeKerneopgave.kerneopgave_id).where(
            col(ProgrammeKerneopgave.programme_id).in_(programme_ids)
        )
    ).all():
        found[programme_id].append(kerneopgave_id)
    return found


def _labels(
    session: Session, model: Any, label: Any, keys: Iterable[uuid.UUID | None]
) -> dict[uuid.UUID, str]:
    ids = {key for key in keys if key is not None}
    if not ids:
        return {}
    rows = session.exec(select(model.id, label).where(col(model.id).in_(ids))).all()
    return {row[0]: str(row[1]) for row in rows}


def _rows(
    figures: dict[uuid.UUID | None, dict[str, Any]], labels: dict[uuid.UUID, str]
) -> list[BreakdownRow]:
    rows = [
        BreakdownRow(key=key, label=labels.get(key, "") if key else "(ingen)", **values)
        for key, values in figures.items()
    ]
    return sorted(rows, key=lambda row: (row.key is None, row.label, str(row.key)))


# --- action learning --------------------------------------------------------------------------


def _project_figures(session: Session, conditions: list[ColumnElement[bool]]) -> dict[str, Any]:
    owner_enrolled_in_cohort = (
        select(ProjectOwner.id)
        .join(Enrolment, col(Enrolment.person_id) == ProjectOwner.person_id)
        .where(
            *conditions,
            ProjectOwner.project_id == ActionLearningProject.id,
            Enrolment.cohort_id == ActionLearningProject.cohort_id,
        )
        .exists()
    )
    by_status = {status.value: 0 for status in ProjectStatus}
    by_phase = {phase.value: 0 for phase in ProjectPhase}
    for status, phase, count in session.exec(
        select(ActionLearningProject.status, ActionLearningProject.phase, func.count())
        .where(owner_enrolled_in_cohort)
        .group_by(ActionLearningProject.status, ActionLearningProject.phase)
    ).all():
        by_status[str(status)] += int(count)
        by_phase[str(phase)] += int(count)
    projects = select(ActionLearningProject.id).where(owner_enrolled_in_cohort)
    trials = {status.value: 0 for status in TrialActionStatus}
    for status, count in session.exec(
        select(TrialAction.status, func.count())
        .where(col(TrialAction.project_id).in_(projects))
        .group_by(TrialAction.status)
    ).all():
        trials[str(status)] = int(count)
    kinds = {kind.value: 0 for kind in FeedbackKind}
    for kind, count in session.exec(
        select(TrialActionFeedback.kind, func.count())
        .join(TrialAction, col(TrialAction.id) == TrialActionFeedback.trial_action_id)
        .where(col(TrialAction.project_id).in_(projects))
        .group_by(TrialActionFeedback.kind)
    ).all():
        kinds[str(kind)] = int(count)
    return {
        "projects": ProjectFigures(
            total=sum(by_status.values()), by_status=by_status, by_phase=by_phase
        ),
        "trial_actions": TrialActionFigures(**trials),
        "feedback": FeedbackFigures(total=sum(kinds.values()), by_kind=kinds),
    }


# --- Kirkpatrick levels 1-3 -------------------------------------------------------------------


def _evaluation_averages(
    session: Session, conditions: list[ColumnElement[bool]]
) -> EvaluationAverages:
    cohorts = select(Enrolment.cohort_id).where(*conditions)
    workshops = select(Workshop.id).where(col(Workshop.cohort_id).in_(cohorts))
    row = session.exec(
        select(
            func.count(),
            func.sum(WorkshopEvaluation.relevance),
            func.sum(WorkshopEvaluation.learning),
            func.sum(WorkshopEvaluation.usefulness),
        ).where(col(WorkshopEvaluation.workshop_id).in_(workshops))
    ).one()
    responses = int(row[0])
    return EvaluationAverages(
        responses=responses,
        min_responses=MIN_RESPONSES_FOR_RESULTS,
        relevance=_average(row[1], responses),
        learning=_average(row[2], responses),
        usefulness=_average(row[3], responses),
    )


def _learning(session: Session, conditions: list[ColumnElement[bool]]) -> LearningFigures:
    completed = [*conditions, col(Enrolment.status) == EnrolmentStatus.completed]
    grades = dict.fromkeys(GRADES_7_POINT, 0)
    for grade, count in session.exec(
        select(Enrolment.grade, func.count())
        .where(*completed, col(Enrolment.grade).is_not(None))
        .group_by(col(Enrolment.grade))
    ).all():
        if grade in grades:
            grades[grade] = int(count)
    outcome = {True: 0, False: 0}
    for passed, count in session.exec(
        select(Enrolment.passed, func.count())
        .where(*completed, col(Enrolment.passed).is_not(None))
        .group_by(col(Enrolment.passed))
    ).all():
        outcome[bool(passed)] = int(count)
    return LearningFigures(
        grades=[GradeCount(grade=grade, count=count) for grade, count in grades.items()],
        passed=outcome[True],
        failed=outcome[False],
        pass_rate=_ratio(outcome[True], outcome[True] + outcome[False]),
    )


def _transfer(session: Session, in_scope: Any) -> TransferFigures:
    row = session.exec(
        select(func.count(), func.sum(TransferFollowUp.usage)).where(
            col(TransferFollowUp.enrolment_id).in_(in_scope),
            col(TransferFollowUp.usage).is_not(None),
        )
    ).one()
    answers = int(row[0])
    return TransferFigures(
        answers=answers,
        min_answers=MIN_RESPONSES_FOR_RESULTS,
        average_usage=_average(row[1], answers),
    )


def _average(total: Any, count: int) -> float | None:
    if count < MIN_RESPONSES_FOR_RESULTS or total is None:
        return None
    return round(float(total) / count, AVERAGE_DIGITS)
