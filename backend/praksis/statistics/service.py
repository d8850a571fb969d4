"""The municipality's figures: from the maintained tallies in a request, and with plain
GROUP BY queries on the scoped session as the reference (``naive_municipality_statistics``).
HR's unfiltered view (the landing page, and the largest scope) reads the whole municipality's
maintained figures; a filtered or a leader's scope joins its enrolments with the tallies
(``statistics.scope_reads``).

Everything starts from the *enrolments in scope*: those matching the filters (programme,
kerneopgave, the person's org unit and the units below it, created in the period) and, for a
leader, only of people in the units they lead and below. The other figures follow from them:

- attendance: recorded attendance of a person at a workshop of a cohort they are enrolled in;
- projects: action-learning projects with an owner enrolled (in scope) in the project's cohort,
  their trial actions, and the feedback given on those trial actions;
- evaluations (anonymous): of workshops of cohorts with an enrolment in scope;
- grades, pass/fail: completed enrolments in scope; follow-ups: of enrolments in scope.

Averages need answers from ``MIN_RESPONSES_FOR_RESULTS`` distinct people, else they are null
(counting answers would show one person's ratings, given at several workshops).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, false
from sqlmodel import Session, col, func, select

from praksis.action_learning.models import (
    ProjectPhase,
    ProjectStatus,
    TrialActionStatus,
)
from praksis.cohorts.models import Cohort
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.models import FeedbackKind, WorkshopEvaluation
from praksis.feedback.schemas import MIN_RESPONSES_FOR_RESULTS
from praksis.kerneopgaver.models import Kerneopgave
from praksis.kerneopgaver.service import get_kerneopgave
from praksis.kit.context import TenantContext
from praksis.kit.db import utc_now
from praksis.kit.errors import Forbidden, InvalidInput
from praksis.kit.permissions import Role
from praksis.kit.relations import linked_values
from praksis.people.models import OrgUnit, Person
from praksis.people.service import department_of, get_org_unit, org_unit_descendants, units_led_by
from praksis.programmes.models import Programme, ProgrammeKerneopgave
from praksis.programmes.service import get_programme
from praksis.statistics import measures as m
from praksis.statistics.folding import figures_as_of
from praksis.statistics.measures import GRADES_7_POINT, Measures
from praksis.statistics.models import WorkshopEvaluationTally
from praksis.statistics.schemas import (
    AttendanceFigures,
    BreakdownRow,
    EvaluationAverages,
    EvaluationMonth,
    FeedbackFigures,
    Funnel,
    GradeCount,
    Kirkpatrick,
    LearningFigures,
    MunicipalityStatistics,
    ProjectFigures,
    ReasonCounts,
    TransferFigures,
    TrialActionFigures,
)
from praksis.statistics.scope_reads import read_scope, read_whole_municipality
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

RATE_DIGITS = 4
AVERAGE_DIGITS = 2

Figures = dict[uuid.UUID | None, dict[str, Any]]


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
    """The figures for the caller's municipality (hr_admin) or own units (leader), from the
    maintained tallies (``statistics.tallies``); equal to ``naive_municipality_statistics``."""
    session = context.session
    as_of = figures_as_of(session)  # before the figures: they include at least this much
    conditions = _enrolment_conditions(context, filters)
    zone = ZoneInfo(context.municipality.time_zone)
    evaluators = _evaluators(session, conditions, zone)
    # no conditions: HR's whole municipality, which is maintained as it is
    found = read_scope(session, conditions) if conditions else read_whole_municipality(session)
    programmes = set(found.enrolments_by_programme) | set(found.attendance_by_programme)
    kerneopgaver_of = _kerneopgaver_of(session, {key for key in programmes if key is not None})
    by_programme = _figures(found.enrolments_by_programme, found.attendance_by_programme)

    def regrouped(keys_of: Callable[[Any], Iterable[Any]]) -> Figures:
        return _figures(
            _regrouped(found.enrolments_by_programme, keys_of),
            _regrouped(found.attendance_by_programme, keys_of),
        )

    return _statistics(
        session,
        as_of,
        overall=regrouped(lambda _programme: [None]),
        by_unit=_figures(found.enrolments_by_department, found.attendance_by_department),
        by_kerneopgave=regrouped(lambda programme: kerneopgaver_of.get(programme, [])),
        by_programme=by_programme,
        measures={
            # a filtered scope's read counts the follow-ups' people; the whole municipality's
            # maintained figures cannot (they do not add up across programmes)
            m.FOLLOW_UP_PEOPLE: m.follow_up_people(session, conditions) if not conditions else 0,
            **found.measures,
            m.EVALUATION_PEOPLE: evaluators.people,
        },
        by_month=_months(
            found.evaluations_by_start
            if found.evaluations_by_start is not None
            else _starts(session, _monthly_tallies(conditions)),
            zone,
            evaluators.by_month,
        ),
        reasons=reason_counts(context, conditions, filters),
    )


def naive_municipality_statistics(
    context: TenantContext, filters: StatisticsFilter
) -> MunicipalityStatistics:
    """The same figures with plain GROUP BYs over the raw tables: the reference the tests and
    the benchmark compare ``municipality_statistics`` with, never used by a request."""
    session = context.session
    conditions = _enrolment_conditions(context, filters)
    tally = _Tally()
    for person_id, programme_id, status, count in session.exec(
        select(Enrolment.person_id, Enrolment.programme_id, Enrolment.status, func.count())
        .where(*conditions)
        .group_by(col(Enrolment.person_id), col(Enrolment.programme_id), col(Enrolment.status))
    ).all():
        tally.enrolments.append((person_id, programme_id, str(status), int(count)))
    for person_id, programme_id, status, count in session.exec(
        select(Attendance.person_id, Cohort.programme_id, Attendance.status, func.count())
        .join(Workshop, m.key_join(Workshop, Attendance.workshop_id))
        .join(Cohort, m.key_join(Cohort, Workshop.cohort_id))
        .where(m.attended_in_scope(conditions))
        .group_by(col(Attendance.person_id), col(Cohort.programme_id), col(Attendance.status))
    ).all():
        tally.attendance.append((person_id, programme_id, str(status), int(count)))

    departments = department_of(session, tally.people())
    kerneopgaver_of = _kerneopgaver_of(session, tally.programmes())
    zone = ZoneInfo(context.municipality.time_zone)
    return _statistics(
        session,
        utc_now(),  # from the raw tables: exact when read
        overall=tally.figures(lambda _person, _programme: [None]),
        by_unit=tally.figures(lambda person, _programme: [departments.get(person)]),
        by_kerneopgave=tally.figures(lambda _person, programme: kerneopgaver_of.get(programme, [])),
        by_programme=tally.figures(lambda _person, programme: [programme]),
        measures=m.scope_measures(session, conditions),
        by_month=_months(
            _starts(session, _monthly_answers(conditions)),
            zone,
            _evaluators(session, conditions, zone).by_month,
        ),
        reasons=reason_counts(context, conditions, filters),
    )


def _statistics(
    session: Session,
    as_of: datetime,
    overall: Figures,
    by_unit: Figures,
    by_kerneopgave: Figures,
    by_programme: Figures,
    measures: Measures,
    by_month: list[EvaluationMonth],
    reasons: ReasonCounts,
) -> MunicipalityStatistics:
    return MunicipalityStatistics(
        as_of=as_of,
        **overall.get(None, _empty_figures()),
        by_org_unit=_rows(by_unit, _labels(session, OrgUnit, OrgUnit.name, by_unit)),
        by_kerneopgave=_rows(
            by_kerneopgave, _labels(session, Kerneopgave, Kerneopgave.title, by_kerneopgave)
        ),
        by_programme=_rows(
            by_programme, _labels(session, Programme, Programme.title, by_programme)
        ),
        **_project_figures(measures),
        kirkpatrick=Kirkpatrick(
            level_1_reaction=_evaluation_averages(measures),
            level_1_by_month=by_month,
            level_2_learning=_learning(measures),
            level_3_behaviour=_transfer(measures),
        ),
        reasons=reasons,
    )


# --- reasons ----------------------------------------------------------------------------------

NOT_GIVEN = "not_given"


def reason_counts(
    context: TenantContext, conditions: list[ColumnElement[bool]], filters: StatisticsFilter
) -> ReasonCounts:
    """Withdrawals in scope by reason; cancelled programmes and cohorts (of the programmes
    the programme and kerneopgave filters leave, cancelled in the period) by reason. Plain
    GROUP BYs on the raw rows: both views (maintained and naive) read them alike."""
    session = context.session
    withdrawals = select(Enrolment.withdrawal_reason, func.count()).where(
        *conditions, col(Enrolment.status) == EnrolmentStatus.withdrawn
    )
    programmes = _cancelled(context, filters, Programme)
    cohorts = _cancelled(context, filters, Cohort)
    return ReasonCounts(
        withdrawals=_by_reason(session, withdrawals, Enrolment.withdrawal_reason),
        programme_cancellations=_by_reason(session, programmes, Programme.cancellation_reason),
        cohort_cancellations=_by_reason(session, cohorts, Cohort.cancellation_reason),
    )


def _cancelled(
    context: TenantContext, filters: StatisticsFilter, table: type[Programme] | type[Cohort]
) -> Any:
    statement = select(table.cancellation_reason, func.count()).where(
        col(table.cancelled_at).is_not(None)
    )
    programme = Programme.id if table is Programme else Cohort.programme_id
    if filters.programme_id is not None:
        statement = statement.where(col(programme) == filters.programme_id)
    if filters.kerneopgave_id is not None:
        statement = statement.where(
            col(programme).in_(
                select(ProgrammeKerneopgave.programme_id).where(
                    ProgrammeKerneopgave.kerneopgave_id == filters.kerneopgave_id
                )
            )
        )
    start, end = _period(context, filters)
    if start is not None:
        statement = statement.where(col(table.cancelled_at) >= start)
    if end is not None:
        statement = statement.where(col(table.cancelled_at) < end)
    return statement


def _by_reason(session: Session, statement: Any, reason: Any) -> dict[str, int]:
    rows = session.exec(statement.group_by(col(reason))).all()
    counts: dict[str, int] = defaultdict(int)
    for value, count in rows:
        counts[NOT_GIVEN if value is None else str(value)] += int(count)
    return dict(sorted(counts.items()))


def _period(
    context: TenantContext, filters: StatisticsFilter
) -> tuple[datetime | None, datetime | None]:
    """The period's first moment and the moment after it, in the municipality's zone."""
    zone = ZoneInfo(context.municipality.time_zone)
    start = end = None
    if filters.from_date is not None:
        start = datetime.combine(filters.from_date, time.min, zone)
    if filters.to_date is not None:
        end = datetime.combine(filters.to_date + timedelta(days=1), time.min, zone)
    return start, end


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
    start, end = _period(context, filters)
    if start is not None:
        conditions.append(col(Enrolment.created_at) >= start)
    if end is not None:
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

    def figures(self, keys_of: Any) -> Figures:
        statuses: dict[uuid.UUID | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        attended: dict[uuid.UUID | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for person, programme, status, count in self.enrolments:
            for key in keys_of(person, programme):
                statuses[key][status] += count
        for person, programme, status, count in self.attendance:
            for key in keys_of(person, programme):
                attended[key][status] += count
        return _figures(statuses, attended)


def _regrouped(
    counts: dict[Any, dict[str, int]], keys_of: Callable[[Any], Iterable[Any]]
) -> dict[Any, dict[str, int]]:
    """Counts by status per key, summed into the keys each key belongs to."""
    regrouped: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, by_status in counts.items():
        for new_key in keys_of(key):
            for status, count in by_status.items():
                regrouped[new_key][status] += count
    return regrouped


def _figures(
    statuses: dict[uuid.UUID | None, dict[str, int]],
    attended: dict[uuid.UUID | None, dict[str, int]],
) -> Figures:
    return {
        key: _funnel_figures(statuses.get(key, {}), attended.get(key, {}))
        for key in statuses.keys() | attended.keys()
    }


FUNNEL_STATUSES = tuple(status.value for status in EnrolmentStatus)
PRESENT = AttendanceStatus.present.value


def _funnel_figures(statuses: dict[str, int], attended: dict[str, int]) -> dict[str, Any]:
    counts = {status: statuses.get(status, 0) for status in FUNNEL_STATUSES}
    approved, completed = counts["approved"], counts["completed"]
    funnel = Funnel(**counts, ever_approved=approved + completed, total=sum(statuses.values()))
    present = attended.get(PRESENT, 0)
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
    return linked_values(
        session,
        ProgrammeKerneopgave.programme_id,
        ProgrammeKerneopgave.kerneopgave_id,
        programme_ids,
    )


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


# --- action learning and Kirkpatrick levels 1-3 (the shared measures) ------------------------


def _project_figures(measures: Measures) -> dict[str, Any]:
    return {
        "projects": ProjectFigures(
            total=measures.get(m.PROJECTS_TOTAL, 0),
            by_status={
                status.value: measures.get(name, 0)
                for status, name in zip(ProjectStatus, m.PROJECT_STATUSES, strict=True)
            },
            by_phase={
                phase.value: measures.get(name, 0)
                for phase, name in zip(ProjectPhase, m.PROJECT_PHASES, strict=True)
            },
        ),
        "trial_actions": TrialActionFigures(
            **{
                status.value: measures.get(name, 0)
                for status, name in zip(TrialActionStatus, m.TRIAL_ACTION_STATUSES, strict=True)
            }
        ),
        "feedback": FeedbackFigures(
            total=measures.get(m.FEEDBACK_TOTAL, 0),
            by_kind={
                kind.value: measures.get(name, 0)
                for kind, name in zip(FeedbackKind, m.FEEDBACK_KINDS, strict=True)
            },
        ),
    }


def _evaluation_averages(measures: Measures) -> EvaluationAverages:
    responses = measures.get(m.EVALUATION_RESPONSES, 0)
    people = measures.get(m.EVALUATION_PEOPLE, 0)
    relevance, learning, usefulness = (
        _average(measures.get(name, 0), responses, people) for name in m.EVALUATION_SUMS
    )
    return EvaluationAverages(
        responses=responses,
        people=people,
        min_responses=MIN_RESPONSES_FOR_RESULTS,
        relevance=relevance,
        learning=learning,
        usefulness=usefulness,
    )


def _monthly_answers(conditions: list[ColumnElement[bool]]) -> Any:
    """Evaluations of the workshops in scope, per workshop start, from the answers."""
    scores = (getattr(WorkshopEvaluation, score) for score in m.EVALUATION_SCORES)
    return _per_workshop_start(
        WorkshopEvaluation.workshop_id,
        func.count(),
        [func.sum(score) for score in scores],
        conditions,
    )


def _monthly_tallies(conditions: list[ColumnElement[bool]]) -> Any:
    """The same from the maintained per-workshop tallies."""
    sums = (getattr(WorkshopEvaluationTally, f"{score}_sum") for score in m.EVALUATION_SCORES)
    return _per_workshop_start(
        WorkshopEvaluationTally.workshop_id,
        func.sum(WorkshopEvaluationTally.responses),
        [func.sum(total) for total in sums],
        conditions,
    )


def _per_workshop_start(
    workshop_id: Any, responses: Any, sums: list[Any], conditions: list[ColumnElement[bool]]
) -> Any:
    """(start, responses, score sums) of the workshops of cohorts with an enrolment in scope."""
    return (
        select(Workshop.starts_at, responses, *sums)
        .join(Workshop, m.key_join(Workshop, workshop_id))
        .where(m.evaluated_workshop_in_scope(workshop_id, conditions))
        .group_by(col(Workshop.starts_at))
    )


def _starts(session: Session, statement: Any) -> list[tuple[datetime, list[int]]]:
    """The statement's rows: (workshop start, [responses, score sums…])."""
    return [
        (starts_at, [int(value or 0) for value in values])
        for starts_at, *values in session.exec(statement).all()
    ]


def _month_of(moment: datetime, zone: ZoneInfo) -> str:
    return m.as_utc(moment).astimezone(zone).strftime("%Y-%m")


def _months(
    starts: list[tuple[datetime, list[int]]], zone: ZoneInfo, people: dict[str, int]
) -> list[EvaluationMonth]:
    """Responses and score sums per workshop start, folded into months of the municipality's
    time (a workshop at 23:30 UTC on 31 October starts in November in Copenhagen); averages
    from enough distinct people (``people``: by month, ``_evaluators``)."""
    months: dict[str, list[int]] = defaultdict(lambda: [0] * (1 + len(m.EVALUATION_SCORES)))
    for starts_at, values in starts:
        if not values[0]:
            continue
        totals = months[_month_of(starts_at, zone)]
        for index, value in enumerate(values):
            totals[index] += value
    return [
        EvaluationMonth(
            month=month,
            responses=responses,
            people=people.get(month, 0),
            **{
                score: _average(total, responses, people.get(month, 0))
                for score, total in zip(m.EVALUATION_SCORES, sums, strict=True)
            },
        )
        for month, (responses, *sums) in sorted(months.items())
    ]


@dataclass(frozen=True)
class Evaluators:
    """Distinct people who answered an evaluation of a workshop in scope: in all, and by the
    month the workshop started in the municipality's time (from the receipts: who answered,
    never what)."""

    people: int
    by_month: dict[str, int]


def _evaluators(
    session: Session, conditions: list[ColumnElement[bool]], zone: ZoneInfo
) -> Evaluators:
    """Counted by PostgreSQL in one pass (ROLLUP: each month and the total), or here from the
    distinct (start, person) pairs on SQLite."""
    receipts = m.evaluators_with_starts(conditions).subquery()
    if session.get_bind().dialect.name == "postgresql":
        month = func.to_char(func.timezone(zone.key, receipts.c.starts_at), "YYYY-MM")
        counted = select(month, func.count(func.distinct(receipts.c.person_id))).group_by(
            func.rollup(month)
        )
        rows = {found: int(count) for found, count in session.exec(counted).all()}
        total = rows.pop(None, 0)
        return Evaluators(total, {str(found): count for found, count in rows.items()})
    people: dict[str, set[uuid.UUID]] = defaultdict(set)
    for starts_at, person in session.exec(select(receipts.c.starts_at, receipts.c.person_id)):
        people[_month_of(starts_at, zone)].add(person)
    everyone: set[uuid.UUID] = set().union(*people.values())
    return Evaluators(len(everyone), {found: len(who) for found, who in people.items()})


def _learning(measures: Measures) -> LearningFigures:
    grades = {grade: measures.get(f"grades.{grade}", 0) for grade in GRADES_7_POINT}
    passed = measures.get(m.GRADES_PASSED, 0) + sum(
        count for grade, count in grades.items() if grade >= m.DANISH_PASS_MARK
    )
    failed = measures.get(m.GRADES_FAILED, 0) + sum(
        count for grade, count in grades.items() if grade < m.DANISH_PASS_MARK
    )
    return LearningFigures(
        grades=[GradeCount(grade=grade, count=count) for grade, count in grades.items()],
        passed=passed,
        failed=failed,
        pass_rate=_ratio(passed, passed + failed),
    )


def _transfer(measures: Measures) -> TransferFigures:
    answers = measures.get(m.FOLLOW_UP_ANSWERS, 0)
    people = measures.get(m.FOLLOW_UP_PEOPLE, 0)
    return TransferFigures(
        answers=answers,
        people=people,
        min_answers=MIN_RESPONSES_FOR_RESULTS,
        average_usage=_average(measures.get(m.FOLLOW_UP_USAGE_SUM, 0), answers, people),
    )


def _average(total: int, count: int, people: int) -> float | None:
    """The average of ``count`` answers, only when ``people`` distinct people gave them."""
    if people < MIN_RESPONSES_FOR_RESULTS or not count:
        return None
    return round(total / count, AVERAGE_DIGITS)
