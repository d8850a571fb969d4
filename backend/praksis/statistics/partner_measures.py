"""What the partner view's offering cells hold: distinct people, their cell keys, and sums.

An offering cell is (municipality, offering): the municipality's programmes linked to the
offering. Every count a partner sees is a count of **distinct people** (never of events: "3
people, 6 attendances" would say everyone came twice), stored with the cell key of those
people (the sum of their record keys, ``statistics.cellkey``) under ``<measure>#key``:

- ``enrolments.<status>``, ``enrolments.total``: people with an enrolment (of that status);
  ``enrolments.placed``: with a place (approved, completed or withdrawn), for the completion
  rate; ``grades.<grade>`` and ``grades.passed|failed|not_graded``: people with a completed
  enrolment of that outcome; ``grades.passing`` and ``grades.with_result`` for the pass rate;
- ``attendance.<status>``, ``attendance.recorded``: people with recorded attendance (of that
  status) at a workshop of a cohort they are enrolled in;
- ``projects.status.<s>``, ``projects.phase.<p>``, ``projects.total``: owners, enrolled in
  the project's cohort, of such projects; ``trial_actions.<s>``, ``feedback.<kind>`` and their
  totals: those owners whose projects have such trial actions or feedback on them;
- ``evaluations.people``: people who evaluated a workshop (from the receipts: the answers
  are anonymous); ``follow_ups.people``: people who answered a transfer follow-up.

The sums behind the averages (``evaluations.*_sum`` over ``evaluations.responses`` answers,
``follow_ups.usage_sum`` over ``follow_ups.answers``) and ``programmes`` are stored as they
are; a partner never sees them but as a perturbed average.

Keys add up across municipalities (a person is in one municipality), so an offering's total
is the sum of its cells, and the partner's grand total the sum of its offerings (a person in
two offerings counts in each). Computed per touched cell in the writer's transaction
(``statistics.aggregates``), attendance and projects from the maintained tallies; the same
function over the raw tables is the reference.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from typing import Any

from sqlalchemy import and_, select
from sqlmodel import Session, col, func

from praksis.action_learning.models import (
    ActionLearningProject,
    ProjectOwner,
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
)
from praksis.people.models import Person
from praksis.programmes.models import Programme
from praksis.statistics import measures as m
from praksis.statistics.cellkey import KEY_SPACE
from praksis.statistics.measures import ByOfferingCell, Cell, Executor, Measures, key_join
from praksis.statistics.models import AttendanceTally, ProgrammeStatistic, ProjectTally
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

KEY_SUFFIX = "#key"
ENROLMENTS_PLACED = "enrolments.placed"
GRADES_PASSING = "grades.passing"
GRADES_WITH_RESULT = "grades.with_result"
PLACED = frozenset(
    status.value
    for status in (EnrolmentStatus.approved, EnrolmentStatus.completed, EnrolmentStatus.withdrawn)
)


def key_of(measure: str) -> str:
    """The stored measure holding the cell key of ``measure``'s people."""
    return measure + KEY_SUFFIX


# --- which measures a person's row counts in ---------------------------------------------------


def _enrolment_measures(status: str, grade: int | None, passed: bool | None) -> list[str]:
    names = [f"enrolments.{status}", m.ENROLMENTS_TOTAL]
    if status in PLACED:
        names.append(ENROLMENTS_PLACED)
    if status == EnrolmentStatus.completed.value:
        names.append(m.completion_outcome(grade, passed))
        if grade is not None or passed is not None:
            names.append(GRADES_WITH_RESULT)
        if (grade is not None and grade >= m.DANISH_PASS_MARK) or passed is True:
            names.append(GRADES_PASSING)
    return names


def _project_measures(status: str, phase: str) -> list[str]:
    return [f"projects.status.{status}", f"projects.phase.{phase}", m.PROJECTS_TOTAL]


# --- the people of each family -----------------------------------------------------------------


def _people(person_id: Any, *attributes: Any) -> Any:
    """The rows' people (``person_id``, a column of a tenant table), their record keys and
    ``attributes``."""
    return select(col(person_id), col(Person.record_key), *attributes).join(
        Person, key_join(Person, person_id)
    )


def _owners_of_projects(*extra: Any) -> Any:
    """Owners enrolled in their project's cohort, with their record key and ``extra``."""
    return (
        _people(ProjectOwner.person_id, *extra)
        .join(ActionLearningProject, key_join(ActionLearningProject, ProjectOwner.project_id))
        .join(Cohort, key_join(Cohort, ActionLearningProject.cohort_id))
        .where(m.enrolled_in(ActionLearningProject.cohort_id, ProjectOwner.person_id))
    )


def _with_trial_actions(statement: Any) -> Any:
    return statement.join(
        TrialAction,
        and_(
            col(TrialAction.municipality_id) == ActionLearningProject.municipality_id,
            col(TrialAction.project_id) == ActionLearningProject.id,
        ),
    )


def _enrolments() -> tuple[Any, Any, Any]:
    statement = _people(
        Enrolment.person_id, col(Enrolment.status), col(Enrolment.grade), col(Enrolment.passed)
    )
    return statement, Enrolment.programme_id, Enrolment.municipality_id


def _attendance() -> tuple[Any, Any, Any]:
    statement = (
        _people(Attendance.person_id, col(Attendance.status))
        .join(Workshop, key_join(Workshop, Attendance.workshop_id))
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .where(m.attended_in_scope([]))
    )
    return statement, Cohort.programme_id, Cohort.municipality_id


def _projects() -> tuple[Any, Any, Any]:
    statement = _owners_of_projects(
        col(ActionLearningProject.status), col(ActionLearningProject.phase)
    )
    return statement, Cohort.programme_id, Cohort.municipality_id


def _trial_actions() -> tuple[Any, Any, Any]:
    statement = _with_trial_actions(_owners_of_projects(col(TrialAction.status)))
    return statement, Cohort.programme_id, Cohort.municipality_id


def _feedback() -> tuple[Any, Any, Any]:
    statement = _with_trial_actions(_owners_of_projects(col(TrialActionFeedback.kind))).join(
        TrialActionFeedback,
        and_(
            col(TrialActionFeedback.municipality_id) == TrialAction.municipality_id,
            col(TrialActionFeedback.trial_action_id) == TrialAction.id,
        ),
    )
    return statement, Cohort.programme_id, Cohort.municipality_id


def _evaluators() -> tuple[Any, Any, Any]:
    statement = (
        _people(EvaluationReceipt.person_id)
        .join(Workshop, key_join(Workshop, EvaluationReceipt.workshop_id))
        .join(Cohort, key_join(Cohort, Workshop.cohort_id))
        .where(m.evaluated_workshop_in_scope(EvaluationReceipt.workshop_id, []))
    )
    return statement, Cohort.programme_id, Cohort.municipality_id


def _follow_up_people() -> tuple[Any, Any, Any]:
    statement = (
        _people(TransferFollowUp.person_id)
        .join(Enrolment, key_join(Enrolment, TransferFollowUp.enrolment_id))
        .where(col(TransferFollowUp.usage).is_not(None))
    )
    return statement, Enrolment.programme_id, Enrolment.municipality_id


# --- the same from the maintained tallies (``statistics.tallies``, refreshed before) -------------

ATTENDANCE_COUNTS = tuple(getattr(AttendanceTally, status.value) for status in AttendanceStatus)
TRIAL_COUNTS = tuple(
    getattr(ProjectTally, f"trial_actions_{status.value}") for status in TrialActionStatus
)
FEEDBACK_COUNTS = tuple(getattr(ProjectTally, f"feedback_{kind.value}") for kind in FeedbackKind)


def _attendance_tallies() -> tuple[Any, Any, Any]:
    statement = (
        _people(AttendanceTally.person_id, *ATTENDANCE_COUNTS)
        .join(Cohort, key_join(Cohort, AttendanceTally.cohort_id))
        .where(m.enrolled_in(AttendanceTally.cohort_id, AttendanceTally.person_id))
    )
    return statement, Cohort.programme_id, Cohort.municipality_id


def _attendance_tally_measures(*counts: int) -> list[str]:
    return [
        name
        for status, count in zip(AttendanceStatus, counts, strict=True)
        if count
        for name in (f"attendance.{status.value}", m.ATTENDANCE_RECORDED)
    ]


def _project_tallies() -> tuple[Any, Any, Any]:
    statement = (
        _people(
            ProjectOwner.person_id,
            col(ProjectTally.status),
            col(ProjectTally.phase),
            *TRIAL_COUNTS,
            *FEEDBACK_COUNTS,
        )
        .join(
            ProjectTally,
            and_(
                col(ProjectTally.municipality_id) == ProjectOwner.municipality_id,
                col(ProjectTally.project_id) == ProjectOwner.project_id,
            ),
        )
        .join(Cohort, key_join(Cohort, ProjectTally.cohort_id))
        .where(m.enrolled_in(ProjectTally.cohort_id, ProjectOwner.person_id))
    )
    return statement, Cohort.programme_id, Cohort.municipality_id


def _project_tally_measures(status: str, phase: str, *counts: int) -> list[str]:
    names = _project_measures(status, phase)
    trials, feedback = counts[: len(TRIAL_COUNTS)], counts[len(TRIAL_COUNTS) :]
    for trial_status, count in zip(TrialActionStatus, trials, strict=True):
        if count:
            names += [f"trial_actions.{trial_status.value}", m.TRIAL_ACTIONS_TOTAL]
    for kind, count in zip(FeedbackKind, feedback, strict=True):
        if count:
            names += [f"feedback.{kind.value}", m.FEEDBACK_TOTAL]
    return names


Family = tuple[Callable[[], tuple[Any, Any, Any]], Callable[..., Iterable[str]]]
SHARED_FAMILIES: tuple[Family, ...] = (
    (_enrolments, _enrolment_measures),
    (_evaluators, lambda: (m.EVALUATION_PEOPLE,)),
    (_follow_up_people, lambda: (m.FOLLOW_UP_PEOPLE,)),
)
RAW_FAMILIES: tuple[Family, ...] = (
    *SHARED_FAMILIES,
    (_attendance, lambda status: (f"attendance.{status}", m.ATTENDANCE_RECORDED)),
    (_projects, _project_measures),
    (_trial_actions, lambda status: (f"trial_actions.{status}", m.TRIAL_ACTIONS_TOTAL)),
    (_feedback, lambda kind: (f"feedback.{kind}", m.FEEDBACK_TOTAL)),
)
"""Each family: its rows (person id, record key, attributes…; programme and municipality
columns), and the measures a row's person counts in. The reference, from the raw tables."""
MAINTAINED_FAMILIES: tuple[Family, ...] = (
    *SHARED_FAMILIES,
    (_attendance_tallies, _attendance_tally_measures),
    (_project_tallies, _project_tally_measures),
)
"""The same from the attendance and project tallies: what a writer's commit runs (a third
of the time: trial actions and feedback are not joined row by row)."""


def offering_cell_measures(
    executor: Executor, offering_ids: Collection[uuid.UUID] | None = None
) -> dict[Cell, Measures]:
    """Every offering cell's measures, for the programmes linked to those offerings (all
    linked programmes when ``None``), from the raw tables: the reference. On a tenant
    session: that municipality's cells only. A cell with a linked programme always has the
    ``programmes`` measure; zeros left out."""
    grouping = ByOfferingCell(None if offering_ids is None else frozenset(offering_ids))
    found = m.grouped_measures(executor, grouping)
    return _with_people(executor, grouping, found, RAW_FAMILIES)


def maintained_offering_cells(
    session: Session, offering_ids: Collection[uuid.UUID]
) -> dict[Cell, Measures]:
    """``offering_cell_measures`` as a writer's commit computes it: attendance and projects
    from the tallies and the sums from the programmes' measures, all refreshed before it
    (``statistics.tallies``); the tests compare the two."""
    grouping = ByOfferingCell(frozenset(offering_ids))
    found = m.grouped_measures(session, grouping, with_sums=False)
    summed = (
        select(
            col(Programme.municipality_id),
            col(Programme.offering_id),
            col(ProgrammeStatistic.measure),
            func.sum(ProgrammeStatistic.value),
        )
        .join(Programme, key_join(Programme, ProgrammeStatistic.programme_id))
        .where(grouping.condition(), col(ProgrammeStatistic.measure).in_(m.SUMMED))
        .group_by(
            col(Programme.municipality_id),
            col(Programme.offering_id),
            col(ProgrammeStatistic.measure),
        )
    )
    for municipality, offering, measure, value in session.execute(summed).all():
        if value:
            found.setdefault((str(municipality), offering), {})[measure] = int(value)
    return _with_people(session, grouping, found, MAINTAINED_FAMILIES)


def _with_people(
    executor: Executor,
    grouping: ByOfferingCell,
    found: dict[Cell, Measures],
    families: tuple[Family, ...],
) -> dict[Cell, Measures]:
    people: dict[Cell, dict[str, dict[uuid.UUID, int]]] = defaultdict(lambda: defaultdict(dict))
    for rows, measures_of in families:
        for person, record_key, *attributes, cell in _people_rows(executor, grouping, *rows()):
            for name in measures_of(*attributes):
                people[cell][name][person] = record_key
    for cell, by_measure in people.items():
        measures = found.setdefault(cell, {})
        for name, keys in by_measure.items():
            measures[name] = len(keys)
            if cell_key := sum(keys.values()) % KEY_SPACE:
                measures[key_of(name)] = cell_key
    return found


def _people_rows(
    executor: Executor, grouping: ByOfferingCell, statement: Any, programme: Any, municipality: Any
) -> list[tuple[Any, ...]]:
    in_cells = statement.join(
        Programme,
        and_(col(Programme.municipality_id) == municipality, col(Programme.id) == programme),
    ).where(grouping.condition())
    cell_columns = in_cells.add_columns(col(Programme.municipality_id), col(Programme.offering_id))
    return [
        (*row[:-2], (str(row[-2]), row[-1]))
        for row in executor.execute(cell_columns.distinct()).all()
    ]
