"""The one definition of every statistics measure, shared by both views.

Each measure is a GROUP BY over the raw tables for the *enrolments in scope* (a list of
conditions on ``Enrolment``), following the same rules everywhere:

- attendance: recorded attendance of a person at a workshop of a cohort they are enrolled in;
- projects: action-learning projects with an owner enrolled (in scope) in the project's cohort,
  their trial actions, and the feedback given on those trial actions;
- evaluations (anonymous): of workshops of cohorts with an enrolment in scope; who answered
  comes from the receipts, never from the answers;
- grades, pass/fail: completed enrolments in scope; follow-ups: of enrolments in scope.

The municipality view runs them once for its scope (``grouping=None``). The partner view
counts distinct people instead (``partner_measures``) and takes only the answers and sums
behind its averages from here, grouped by *offering cell*: (municipality, offering) of the
programme the row belongs to. The result is raw counts and sums under a measure name — never
a person id, never text.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, tuple_
from sqlmodel import col, func, select

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
from praksis.programmes.models import Programme
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

GRADES_7_POINT = (-3, 0, 2, 4, 7, 10, 12)
DANISH_PASS_MARK = 2

# --- measure names ----------------------------------------------------------------------------

PROGRAMMES = "programmes"
ENROLMENT_STATUSES = tuple(f"enrolments.{status.value}" for status in EnrolmentStatus)
ENROLMENTS_TOTAL = "enrolments.total"
ENROLMENTS_COMPLETED = f"enrolments.{EnrolmentStatus.completed.value}"
ATTENDANCE_STATUSES = tuple(f"attendance.{status.value}" for status in AttendanceStatus)
ATTENDANCE_RECORDED = "attendance.recorded"
PROJECT_STATUSES = tuple(f"projects.status.{status.value}" for status in ProjectStatus)
PROJECT_PHASES = tuple(f"projects.phase.{phase.value}" for phase in ProjectPhase)
PROJECTS_TOTAL = "projects.total"
TRIAL_ACTION_STATUSES = tuple(f"trial_actions.{status.value}" for status in TrialActionStatus)
TRIAL_ACTIONS_TOTAL = "trial_actions.total"
FEEDBACK_KINDS = tuple(f"feedback.{kind.value}" for kind in FeedbackKind)
FEEDBACK_TOTAL = "feedback.total"
EVALUATION_RESPONSES = "evaluations.responses"
EVALUATION_SCORES = ("relevance", "learning", "usefulness")
EVALUATION_SUMS = tuple(f"evaluations.{score}_sum" for score in EVALUATION_SCORES)
EVALUATION_PEOPLE = "evaluations.people"
GRADE_COUNTS = tuple(f"grades.{grade}" for grade in GRADES_7_POINT)
GRADES_PASSED = "grades.passed"
GRADES_FAILED = "grades.failed"
GRADES_NOT_GRADED = "grades.not_graded"
# grades + passed + failed + not_graded = completed: each completed enrolment counts once
COMPLETION_OUTCOMES = (*GRADE_COUNTS, GRADES_PASSED, GRADES_FAILED, GRADES_NOT_GRADED)
FOLLOW_UP_ANSWERS = "follow_ups.answers"
FOLLOW_UP_USAGE_SUM = "follow_ups.usage_sum"
FOLLOW_UP_PEOPLE = "follow_ups.people"

Cell = tuple[str, uuid.UUID]
"""A group of rows: (municipality id, offering id) for the partner view's offering cells,
(municipality id, programme id) for the municipality view's programme measures."""
Measures = dict[str, int]
Key = Cell | None


@dataclass(frozen=True)
class ByOfferingCell:
    """Group by the (municipality, offering) of the row's programme; only linked programmes,
    and only these offerings when given."""

    offering_ids: Collection[uuid.UUID] | None = None

    def condition(self) -> ColumnElement[bool]:
        if self.offering_ids is None:
            return col(Programme.offering_id).is_not(None)
        return col(Programme.offering_id).in_(list(self.offering_ids))

    def group(self, statement: Any, programme_id: Any, municipality_id: Any) -> Any:
        return (
            statement.join(
                Programme,
                and_(
                    col(Programme.municipality_id) == municipality_id,
                    col(Programme.id) == programme_id,
                ),
            )
            .where(self.condition())
            .add_columns(col(Programme.municipality_id), col(Programme.offering_id))
            .group_by(col(Programme.municipality_id), col(Programme.offering_id))
        )


@dataclass(frozen=True)
class ByProgramme:
    """Group by the (municipality, programme) of the row; only these programmes when given."""

    programme_ids: Collection[uuid.UUID] | None = None

    def group(self, statement: Any, programme_id: Any, municipality_id: Any) -> Any:
        if self.programme_ids is not None:
            statement = statement.where(programme_id.in_(list(self.programme_ids)))
        return statement.add_columns(municipality_id, programme_id).group_by(
            municipality_id, programme_id
        )


Grouping = ByOfferingCell | ByProgramme | None
Executor = Any  # a Session or a Connection: anything with ``execute(statement)``


def _grouped(statement: Any, programme_id: Any, municipality_id: Any, grouping: Grouping) -> Any:
    """Add the group's key as the last two columns of every row (and to the GROUP BY)."""
    if grouping is None:
        return statement
    return grouping.group(statement, programme_id, municipality_id)


def _rows(
    executor: Executor, statement: Any, grouping: Grouping
) -> list[tuple[Key, tuple[Any, ...]]]:
    rows = executor.execute(statement).all()
    if grouping is None:
        return [(None, tuple(row)) for row in rows]
    return [((str(row[-2]), row[-1]), tuple(row[:-2])) for row in rows]


class _Tally:
    def __init__(self) -> None:
        self.by_key: dict[Key, Measures] = defaultdict(lambda: defaultdict(int))

    def add(self, key: Key, measure: str, value: Any) -> None:
        if value:
            self.by_key[key][measure] += int(value)


# --- scope ------------------------------------------------------------------------------------


def key_join(target: Any, reference: Any) -> ColumnElement[bool]:
    """``target``'s row that ``reference`` (a column of another tenant table) points to, by the
    whole key (municipality_id, id): without the municipality the planner cannot use the keys'
    indexes across municipalities."""
    return and_(
        col(target.municipality_id) == reference.class_.municipality_id,
        col(target.id) == reference,
    )


def enrolled_in(
    cohort_id: Any, person_id: Any = None, conditions: Sequence[ColumnElement[bool]] = ()
) -> ColumnElement[bool]:
    """Someone (the person, when given; a column of the same table or a joined one) is
    enrolled (in scope) in the cohort (``cohort_id``, a column of a tenant table)."""
    found = [
        col(Enrolment.municipality_id) == cohort_id.class_.municipality_id,
        col(Enrolment.cohort_id) == cohort_id,
    ]
    if person_id is not None:
        found.append(col(Enrolment.person_id) == person_id)
    return select(col(Enrolment.id)).where(*conditions, *found).exists()


def attended_in_scope(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    """The attendance row's person is enrolled (in scope) in the workshop's cohort."""
    return enrolled_in(Workshop.cohort_id, Attendance.person_id, conditions)


def owner_enrolled(
    project_id: Any, cohort_id: Any, conditions: Sequence[ColumnElement[bool]] = ()
) -> ColumnElement[bool]:
    """The project (``project_id``, with its ``cohort_id``: columns of one tenant table) has an
    owner enrolled (in scope) in the project's cohort."""
    return (
        select(col(ProjectOwner.id))
        .join(
            Enrolment,
            and_(
                col(Enrolment.municipality_id) == ProjectOwner.municipality_id,
                col(Enrolment.person_id) == ProjectOwner.person_id,
            ),
        )
        .where(
            *conditions,
            col(ProjectOwner.municipality_id) == project_id.class_.municipality_id,
            col(ProjectOwner.project_id) == project_id,
            col(Enrolment.cohort_id) == cohort_id,
        )
        .exists()
    )


def project_in_scope(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    """The project has an owner enrolled (in scope) in the project's cohort."""
    return owner_enrolled(ActionLearningProject.id, ActionLearningProject.cohort_id, conditions)


def evaluated_workshop_in_scope(
    workshop_id: Any, conditions: list[ColumnElement[bool]]
) -> ColumnElement[bool]:
    """The workshop (``workshop_id``, a column of a tenant table) belongs to a cohort with an
    enrolment in scope."""
    cohorts = select(Enrolment.municipality_id, Enrolment.cohort_id).where(*conditions)
    workshops = select(Workshop.municipality_id, Workshop.id).where(
        tuple_(col(Workshop.municipality_id), col(Workshop.cohort_id)).in_(cohorts)
    )
    return tuple_(workshop_id.class_.municipality_id, workshop_id).in_(workshops)


# --- the measures -----------------------------------------------------------------------------


def enrolment_rows(
    executor: Executor, conditions: list[ColumnElement[bool]], grouping: Grouping = None
) -> list[tuple[Key, tuple[Any, ...]]]:
    """(status, grade, passed, count) of the enrolments in scope."""
    statement = _grouped(
        select(Enrolment.status, Enrolment.grade, Enrolment.passed, func.count())
        .where(*conditions)
        .group_by(col(Enrolment.status), col(Enrolment.grade), col(Enrolment.passed)),
        Enrolment.programme_id,
        Enrolment.municipality_id,
        grouping,
    )
    return _rows(executor, statement, grouping)


def completion_outcome(grade: int | None, passed: bool | None) -> str:
    """The one outcome a completed enrolment counts under."""
    if grade is not None:
        return f"grades.{grade}"
    if passed is None:
        return GRADES_NOT_GRADED
    return GRADES_PASSED if passed else GRADES_FAILED


def _enrolments(
    executor: Executor, tally: _Tally, conditions: list[ColumnElement[bool]], grouping: Grouping
) -> None:
    for key, (status, grade, passed, count) in enrolment_rows(executor, conditions, grouping):
        tally.add(key, f"enrolments.{status}", count)
        tally.add(key, ENROLMENTS_TOTAL, count)
        if str(status) == EnrolmentStatus.completed.value:
            tally.add(key, completion_outcome(grade, passed), count)


def _attendance(
    executor: Executor, tally: _Tally, conditions: list[ColumnElement[bool]], grouping: Grouping
) -> None:
    statement = _grouped(
        select(Attendance.status, func.count())
        .join(Workshop, key_join(Workshop, Attendance.workshop_id))
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .where(attended_in_scope(conditions))
        .group_by(col(Attendance.status)),
        Cohort.programme_id,
        Cohort.municipality_id,
        grouping,
    )
    for key, (status, count) in _rows(executor, statement, grouping):
        tally.add(key, f"attendance.{status}", count)
        tally.add(key, ATTENDANCE_RECORDED, count)


def _projects(
    executor: Executor, tally: _Tally, conditions: list[ColumnElement[bool]], grouping: Grouping
) -> None:
    in_scope = project_in_scope(conditions)
    projects = _grouped(
        select(ActionLearningProject.status, ActionLearningProject.phase, func.count())
        .join(Cohort, key_join(Cohort, ActionLearningProject.cohort_id))
        .where(in_scope)
        .group_by(col(ActionLearningProject.status), col(ActionLearningProject.phase)),
        Cohort.programme_id,
        Cohort.municipality_id,
        grouping,
    )
    for key, (status, phase, count) in _rows(executor, projects, grouping):
        tally.add(key, f"projects.status.{status}", count)
        tally.add(key, f"projects.phase.{phase}", count)
        tally.add(key, PROJECTS_TOTAL, count)
    trials = _grouped(
        select(TrialAction.status, func.count())
        .join(ActionLearningProject, key_join(ActionLearningProject, TrialAction.project_id))
        .join(Cohort, key_join(Cohort, ActionLearningProject.cohort_id))
        .where(in_scope)
        .group_by(col(TrialAction.status)),
        Cohort.programme_id,
        Cohort.municipality_id,
        grouping,
    )
    for key, (status, count) in _rows(executor, trials, grouping):
        tally.add(key, f"trial_actions.{status}", count)
        tally.add(key, TRIAL_ACTIONS_TOTAL, count)
    feedback = _grouped(
        select(TrialActionFeedback.kind, func.count())
        .join(TrialAction, key_join(TrialAction, TrialActionFeedback.trial_action_id))
        .join(ActionLearningProject, key_join(ActionLearningProject, TrialAction.project_id))
        .join(Cohort, key_join(Cohort, ActionLearningProject.cohort_id))
        .where(in_scope)
        .group_by(col(TrialActionFeedback.kind)),
        Cohort.programme_id,
        Cohort.municipality_id,
        grouping,
    )
    for key, (kind, count) in _rows(executor, feedback, grouping):
        tally.add(key, f"feedback.{kind}", count)
        tally.add(key, FEEDBACK_TOTAL, count)


def _evaluations(
    executor: Executor, tally: _Tally, conditions: list[ColumnElement[bool]], grouping: Grouping
) -> None:
    answers = _grouped(
        select(
            func.count(),
            func.sum(WorkshopEvaluation.relevance),
            func.sum(WorkshopEvaluation.learning),
            func.sum(WorkshopEvaluation.usefulness),
        )
        .join(Workshop, key_join(Workshop, WorkshopEvaluation.workshop_id))
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .where(evaluated_workshop_in_scope(WorkshopEvaluation.workshop_id, conditions)),
        Cohort.programme_id,
        Cohort.municipality_id,
        grouping,
    )
    for key, (count, *sums) in _rows(executor, answers, grouping):
        tally.add(key, EVALUATION_RESPONSES, count)
        for measure, value in zip(EVALUATION_SUMS, sums, strict=True):
            tally.add(key, measure, value)


def _evaluation_people(
    executor: Executor, tally: _Tally, conditions: list[ColumnElement[bool]], grouping: Grouping
) -> None:
    people = _grouped(
        select(func.count(func.distinct(EvaluationReceipt.person_id)))
        .join(Workshop, key_join(Workshop, EvaluationReceipt.workshop_id))
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .where(evaluated_workshop_in_scope(EvaluationReceipt.workshop_id, conditions)),
        Cohort.programme_id,
        Cohort.municipality_id,
        grouping,
    )
    for key, (count,) in _rows(executor, people, grouping):
        tally.add(key, EVALUATION_PEOPLE, count)


def _follow_ups(
    executor: Executor, tally: _Tally, conditions: list[ColumnElement[bool]], grouping: Grouping
) -> None:
    statement = _grouped(
        select(func.count(), func.sum(TransferFollowUp.usage))
        .join(Enrolment, key_join(Enrolment, TransferFollowUp.enrolment_id))
        .where(*conditions, col(TransferFollowUp.usage).is_not(None)),
        Enrolment.programme_id,
        Enrolment.municipality_id,
        grouping,
    )
    for key, (answers, usage) in _rows(executor, statement, grouping):
        tally.add(key, FOLLOW_UP_ANSWERS, answers)
        tally.add(key, FOLLOW_UP_USAGE_SUM, usage)


def _follow_up_people(
    executor: Executor, tally: _Tally, conditions: list[ColumnElement[bool]], grouping: Grouping
) -> None:
    statement = _grouped(
        select(func.count(func.distinct(TransferFollowUp.person_id)))
        .join(Enrolment, key_join(Enrolment, TransferFollowUp.enrolment_id))
        .where(*conditions, col(TransferFollowUp.usage).is_not(None)),
        Enrolment.programme_id,
        Enrolment.municipality_id,
        grouping,
    )
    for key, (people,) in _rows(executor, statement, grouping):
        tally.add(key, FOLLOW_UP_PEOPLE, people)


def _programmes(executor: Executor, tally: _Tally, grouping: ByOfferingCell) -> None:
    statement = select(func.count(), Programme.municipality_id, Programme.offering_id).where(
        grouping.condition()
    )
    statement = statement.group_by(col(Programme.municipality_id), col(Programme.offering_id))
    for count, municipality_id, offering_id in executor.execute(statement).all():
        tally.add((str(municipality_id), offering_id), PROGRAMMES, count)


Query = Callable[[Executor, _Tally, list[ColumnElement[bool]], Grouping], None]
ADDITIVE_QUERIES: tuple[Query, ...] = (
    _enrolments,
    _attendance,
    _projects,
    _evaluations,
    _follow_ups,
)
# counts of distinct people: they do not add up across programmes
PER_PERSON_QUERIES: tuple[Query, ...] = (_evaluation_people, _follow_up_people)
MEASURE_QUERIES = ADDITIVE_QUERIES + PER_PERSON_QUERIES


def scope_measures(executor: Executor, conditions: list[ColumnElement[bool]]) -> Measures:
    """Every measure for one scope of enrolments (the municipality view); zeros left out."""
    tally = _Tally()
    for query in MEASURE_QUERIES:
        query(executor, tally, conditions, None)
    return dict(tally.by_key.get(None, {}))


def follow_up_people(executor: Executor, conditions: list[ColumnElement[bool]]) -> int:
    """Distinct people who answered a follow-up of an enrolment in scope (they do not add up
    across programmes, so no maintained table holds them)."""
    tally = _Tally()
    _follow_up_people(executor, tally, conditions, None)
    return tally.by_key.get(None, {}).get(FOLLOW_UP_PEOPLE, 0)


def evaluators_with_starts(in_scope: Callable[[Any], ColumnElement[bool]]) -> Any:
    """(workshop start, person) for everyone who answered an evaluation of a workshop in
    scope (``in_scope`` of the receipt's workshop), from the receipts; distinct pairs."""
    return (
        select(Workshop.starts_at, EvaluationReceipt.person_id)
        .join(Workshop, key_join(Workshop, EvaluationReceipt.workshop_id))
        .where(in_scope(EvaluationReceipt.workshop_id))
        .distinct()
    )


def workshop_of_cohorts(workshop_id: Any, cohorts: Collection[uuid.UUID]) -> ColumnElement[bool]:
    """The workshop (``workshop_id``, a column of a tenant table) belongs to one of ``cohorts``."""
    workshops = select(Workshop.municipality_id, Workshop.id).where(
        col(Workshop.cohort_id).in_(cohorts)
    )
    return tuple_(workshop_id.class_.municipality_id, workshop_id).in_(workshops)


SUMMED = (EVALUATION_RESPONSES, *EVALUATION_SUMS, FOLLOW_UP_ANSWERS, FOLLOW_UP_USAGE_SUM)
"""The partner view's answers and sums behind its averages: they add up across programmes."""


def grouped_measures(
    executor: Executor, grouping: ByOfferingCell, with_sums: bool = True
) -> dict[Cell, Measures]:
    """Per offering cell: how many programmes, and (``with_sums``) the evaluation and
    follow-up answers and their sums, ``SUMMED`` (``partner_measures`` adds the people)."""
    tally = _Tally()
    _programmes(executor, tally, grouping)
    for query in (_evaluations, _follow_ups) if with_sums else ():
        query(executor, tally, [], grouping)
    return {key: dict(values) for key, values in tally.by_key.items() if key is not None}


def evaluations_by_start(
    executor: Executor, programme_ids: Collection[uuid.UUID] | None = None
) -> dict[Cell, list[tuple[datetime, list[int]]]]:
    """Per (municipality, programme): the evaluations of its workshops of cohorts with an
    enrolment, as (workshop start in UTC, [responses, score sums…]) per distinct start."""
    statement = _grouped(
        select(
            Workshop.starts_at,
            func.count(),
            *(func.sum(getattr(WorkshopEvaluation, score)) for score in EVALUATION_SCORES),
        )
        .join(Workshop, key_join(Workshop, WorkshopEvaluation.workshop_id))
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .where(evaluated_workshop_in_scope(WorkshopEvaluation.workshop_id, []))
        .group_by(col(Workshop.starts_at)),
        Cohort.programme_id,
        Cohort.municipality_id,
        ByProgramme(None if programme_ids is None else frozenset(programme_ids)),
    )
    found: dict[Cell, list[tuple[datetime, list[int]]]] = defaultdict(list)
    for key, (starts_at, *values) in _rows(executor, statement, ByProgramme()):
        assert key is not None  # grouped
        found[key].append((as_utc(starts_at), [int(value) for value in values]))
    return found


def as_utc(moment: datetime) -> datetime:
    """A stored moment in UTC (SQLite gives it back without a zone: it is stored in UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


EVALUATION_PARTS = ("responses", *(f"{score}_sum" for score in EVALUATION_SCORES))
BY_MONTH = "evaluations.month."
BY_START = "evaluations.start."


def start_bucket(moment: datetime) -> str:
    """Where a workshop start's evaluations are counted: under its UTC month, which is its
    month in every time zone (none is more than 14 hours from UTC) unless it falls on the first
    or last day of that month; then under the start itself, folded into a month by the reader,
    who knows the municipality's zone."""
    moment = moment.astimezone(UTC)
    if moment.day == 1 or (moment + timedelta(days=1)).month != moment.month:
        return BY_START + moment.replace(tzinfo=None).isoformat()
    return BY_MONTH + moment.strftime("%Y-%m")


def start_measures(moment: datetime, values: Sequence[int]) -> list[tuple[str, int]]:
    """The measures a workshop start's [responses, score sums…] count under."""
    bucket = start_bucket(moment)
    return [
        (f"{bucket}.{part}", value) for part, value in zip(EVALUATION_PARTS, values, strict=True)
    ]


def bucket_moment(bucket: str) -> datetime:
    """A moment in the bucket's month in every time zone (its start, for a start)."""
    if bucket.startswith(BY_MONTH):
        year, month = bucket.removeprefix(BY_MONTH).split("-")
        return datetime(int(year), int(month), 15, 12, tzinfo=UTC)
    return datetime.fromisoformat(bucket.removeprefix(BY_START)).replace(tzinfo=UTC)


def programme_measures(
    executor: Executor, programme_ids: Collection[uuid.UUID] | None = None
) -> dict[Cell, Measures]:
    """Every measure that adds up across programmes, per (municipality, programme), over all
    of the programme's enrolments (all programmes when ``None``); zeros left out."""
    grouping = ByProgramme(None if programme_ids is None else frozenset(programme_ids))
    tally = _Tally()
    for query in ADDITIVE_QUERIES:
        query(executor, tally, [], grouping)
    return {key: dict(values) for key, values in tally.by_key.items() if key is not None}
