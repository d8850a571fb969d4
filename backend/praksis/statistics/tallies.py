"""Keeping the maintained statistics equal to the raw tables, when changes are folded in.

The flush hooks (``statistics.aggregates``) note what a unit of work touched and the writer
records it; the fold (``statistics.folding``) recomputes the touched parents' rows here from
the raw tables and replaces them (only changed rows are written):

- ``attendance_tallies`` per cohort (touched attendance, workshops and cohorts);
- ``project_tallies`` per project (touched trial actions, feedback and projects);
- ``workshop_evaluation_tallies`` per workshop (touched evaluations);
- ``programme_statistics`` per programme: every measure of ``statistics.registry`` that adds
  up across programmes (whatever moves the partner view's offering cells);
- ``municipality_statistics``: the whole municipality's distinct people (evaluators in all and
  by month, follow-up respondents), recomputed whole whenever what they count may move;
- ``cohort_tallies`` per cohort: enrolments and attendance (touched enrolments, now and
  before, and whatever touches the cohort's attendance tallies);
- ``department_tallies`` per department: enrolments and attendance (touched enrolments and
  attendance by their person's department, people moving between units; a change to the org
  tree, or a workshop deleted or moved to another cohort, recomputes every department);
- ``offering_statistics`` per offering, the partner view's cells (the touched programmes'
  offerings, and those a programme left or joined).

Deleting a parent deletes its tallies by foreign-key cascade. A bulk UPDATE or DELETE on a
counted table recomputes every tally of the municipality (on people or org units: every
department).

Locking: the fold's, one folder per municipality at a time.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, partial
from itertools import islice
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, delete, insert, inspect, or_, tuple_
from sqlalchemy import select as sa_select
from sqlmodel import col, func, select

from praksis.action_learning.models import ActionLearningProject, TrialAction
from praksis.cohorts.models import Cohort
from praksis.enrolments.models import Enrolment
from praksis.feedback.models import TrialActionFeedback, WorkshopEvaluation
from praksis.kit.db import TenantScoped, TenantSession
from praksis.municipalities.models import Municipality
from praksis.people.models import Person
from praksis.people.service import unit_departments
from praksis.programmes.models import Programme
from praksis.statistics.models import (
    NO_COHORT,
    NO_DEPARTMENT,
    AttendanceTally,
    CohortTally,
    DepartmentTally,
    MunicipalityStatistic,
    OfferingStatistic,
    ProgrammeStatistic,
    ProjectTally,
    WorkshopEvaluationTally,
)
from praksis.statistics.reference import (
    evaluators,
    offering_cell_measures,
    programme_measures,
    scope_measures,
)
from praksis.statistics.registry import (
    ATTENDANCE_STATUSES,
    EVALUATION_PARTS,
    EVALUATION_PEOPLE,
    EVALUATION_SCORES,
    FOLLOW_UP_RESPONDENTS,
)
from praksis.statistics.scope import (
    Measures,
    enrolled_in,
    evaluated_workshop_in_scope,
    key_join,
)
from praksis.workshops.models import Attendance, Workshop

if TYPE_CHECKING:
    from praksis.statistics.aggregates import Touched

UNIT_DEPARTMENTS = "praksis.statistics.unit_departments"
CHUNK = 500

Values = dict[str, Any]  # by column; a count left out is 0
Tallies = dict[tuple[Any, ...], Values]  # by key: the primary key after municipality_id
Parents = Collection[uuid.UUID] | None  # None: every parent of the municipality


@dataclass(frozen=True)
class TallyTable:
    """A maintained table, recomputed by its parent (the first key column after
    municipality_id); its columns but the key and the ``details`` are counts."""

    model: type[TenantScoped]
    compute: Callable[[TenantSession, Parents], Tallies]
    details: tuple[str, ...] = ()  # what the parent row says, copied as it is
    # from the raw tables, where ``compute`` reads other tallies (the tests' ``naive_tallies``)
    reference: Callable[[TenantSession, Parents], Tallies] | None = None

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The primary key after municipality_id."""
        return tuple(column.key for column in inspect(self.model).primary_key[1:])

    @cached_property
    def counts(self) -> tuple[str, ...]:
        columns = inspect(self.model).columns
        return tuple(c.key for c in columns if not c.primary_key and c.key not in self.details)

    @property
    def parent(self) -> str:
        return self.keys[0]

    @cached_property
    def values(self) -> tuple[str, ...]:
        return (*self.details, *self.counts)

    def column(self, name: str) -> Any:
        return getattr(self.model, name)


def _within(column: Any, parents: Parents) -> list[ColumnElement[bool]]:
    return [] if parents is None else [col(column).in_(list(parents))]


def _attendance(session: TenantSession, cohorts: Parents) -> Tallies:
    found: Tallies = defaultdict(dict)
    for cohort, person, status, count in session.exec(
        select(Workshop.cohort_id, Attendance.person_id, Attendance.status, func.count())
        .join(Workshop, key_join(Workshop, Attendance.workshop_id))
        .where(*_within(Workshop.cohort_id, cohorts))
        .group_by(col(Workshop.cohort_id), col(Attendance.person_id), col(Attendance.status))
    ).all():
        found[(cohort, person)][str(status)] = int(count)
    return found


def _projects(session: TenantSession, projects: Parents) -> Tallies:
    found: Tallies = {
        (project,): {"cohort_id": cohort, "status": str(status), "phase": str(phase)}
        for project, cohort, status, phase in session.exec(
            select(
                ActionLearningProject.id,
                ActionLearningProject.cohort_id,
                ActionLearningProject.status,
                ActionLearningProject.phase,
            ).where(*_within(ActionLearningProject.id, projects))
        ).all()
    }
    for project, status, count in session.exec(
        select(TrialAction.project_id, TrialAction.status, func.count())
        .where(*_within(TrialAction.project_id, projects))
        .group_by(col(TrialAction.project_id), col(TrialAction.status))
    ).all():
        found[(project,)][f"trial_actions_{status}"] = int(count)
    for project, kind, count in session.exec(
        select(TrialAction.project_id, TrialActionFeedback.kind, func.count())
        .join(TrialAction, key_join(TrialAction, TrialActionFeedback.trial_action_id))
        .where(*_within(TrialAction.project_id, projects))
        .group_by(col(TrialAction.project_id), col(TrialActionFeedback.kind))
    ).all():
        found[(project,)][f"feedback_{kind}"] = int(count)
    return found


def _evaluations(session: TenantSession, workshops: Parents) -> Tallies:
    scores = (func.sum(getattr(WorkshopEvaluation, score)) for score in EVALUATION_SCORES)
    rows = session.execute(
        sa_select(col(WorkshopEvaluation.workshop_id), func.count(), *scores)
        .where(*_within(WorkshopEvaluation.workshop_id, workshops))
        .group_by(col(WorkshopEvaluation.workshop_id))
    ).all()
    return {
        (workshop,): dict(zip(EVALUATION_PARTS, map(int, values), strict=True))
        for workshop, *values in rows
    }


def _programme_measures(
    session: TenantSession, programmes: Parents, from_tallies: bool = True
) -> Tallies:
    return _by_measure(programme_measures(session, programmes, from_tallies))


def _offering_cells(
    session: TenantSession, offerings: Parents, from_tallies: bool = True
) -> Tallies:
    cells = offering_cell_measures(session, offerings, from_tallies)  # the tenant's: one each
    return _by_measure({offering: values for (_municipality, offering), values in cells.items()})


def municipality_measures(session: TenantSession, _everything: Parents = None) -> Tallies:
    """The whole municipality's distinct people: who answered an evaluation of a workshop of a
    cohort with an enrolment (``EVALUATION_PEOPLE``, and ``EVALUATION_PEOPLE.<YYYY-MM>`` by
    the workshop's month in the municipality's time), and who answered a follow-up."""
    zone = session.exec(
        select(Municipality.time_zone).where(Municipality.id == session.tenant)
    ).one()
    in_scope = partial(evaluated_workshop_in_scope, conditions=[])
    people, by_month = evaluators(session, in_scope, ZoneInfo(zone))
    found = {EVALUATION_PEOPLE: people}
    found |= {f"{EVALUATION_PEOPLE}.{month}": count for month, count in by_month.items()}
    found |= scope_measures(session, [], [FOLLOW_UP_RESPONDENTS])
    return {(measure,): {"value": value} for measure, value in found.items() if value}


def _by_measure(measures: dict[uuid.UUID, Measures]) -> Tallies:
    """Each parent's measures as rows keyed by (parent, measure)."""
    return {
        (parent, measure): {"value": value}
        for parent, values in measures.items()
        for measure, value in values.items()
    }


def _department_tallies(session: TenantSession, departments: Parents) -> Tallies:
    """Enrolments by status, and attendance of the (person, cohort) pairs with an enrolment,
    by the department of the person's unit; from the attendance tallies (refreshed first)."""
    department_of_unit = _unit_departments(session)
    conditions = []
    if departments is not None:
        units = {unit for unit, found in department_of_unit.items() if found in departments}
        units |= {NO_DEPARTMENT} & set(departments)
        conditions.append(_among(Person.org_unit_id, units, NO_DEPARTMENT))
    enrolled = (
        select(Person.org_unit_id, Enrolment.status, func.count())
        .join(Person, key_join(Person, Enrolment.person_id))
        .where(*conditions)
        .group_by(col(Person.org_unit_id), col(Enrolment.status))
    )
    attended = (
        select(Person.org_unit_id, *ATTENDANCE_SUMS)
        .join(Person, key_join(Person, AttendanceTally.person_id))
        .where(*conditions, enrolled_in(AttendanceTally.cohort_id, AttendanceTally.person_id))
        .group_by(col(Person.org_unit_id))
    )
    return _enrolled_and_attended(
        session,
        enrolled,
        attended,
        lambda unit: NO_DEPARTMENT if unit is None else department_of_unit.get(unit, unit),
    )


def _cohort_tallies(session: TenantSession, cohorts: Parents) -> Tallies:
    """Enrolments by status, and attendance of the (person, cohort) pairs with an enrolment,
    per cohort; from the attendance tallies (refreshed first)."""
    within = [] if cohorts is None else [_among(Enrolment.cohort_id, cohorts, NO_COHORT)]
    enrolled = (
        select(Enrolment.cohort_id, Enrolment.status, func.count())
        .where(*within)
        .group_by(col(Enrolment.cohort_id), col(Enrolment.status))
    )
    attended = (
        sa_select(col(AttendanceTally.cohort_id), *ATTENDANCE_SUMS)
        .where(
            *_within(AttendanceTally.cohort_id, cohorts),
            enrolled_in(AttendanceTally.cohort_id, AttendanceTally.person_id),
        )
        .group_by(col(AttendanceTally.cohort_id))
    )
    return _enrolled_and_attended(
        session, enrolled, attended, lambda cohort: NO_COHORT if cohort is None else cohort
    )


ATTENDANCE_SUMS = [func.sum(getattr(AttendanceTally, status)) for status in ATTENDANCE_STATUSES]


def _enrolled_and_attended(
    session: TenantSession, enrolled: Any, attended: Any, key_of: Callable[[Any], uuid.UUID]
) -> Tallies:
    """Enrolments (key, status, count) and attendance (key, sums by status) by ``key_of``
    their key."""
    found: Tallies = defaultdict(lambda: defaultdict(int))
    for key, status, count in session.execute(enrolled).all():
        found[(key_of(key),)][str(status)] += int(count)
    for key, *sums in session.execute(attended).all():
        for status, value in zip(ATTENDANCE_STATUSES, sums, strict=True):
            found[(key_of(key),)][status] += int(value)
    return found


def _among(column: Any, keys: Collection[uuid.UUID], no_key: uuid.UUID) -> ColumnElement[bool]:
    """``column`` is one of ``keys``, or null when ``no_key`` (the key of none) is one of them."""
    among = col(column).in_([key for key in keys if key != no_key])
    return or_(among, col(column).is_(None)) if no_key in keys else among


ATTENDANCE = TallyTable(AttendanceTally, _attendance)
PROJECTS = TallyTable(ProjectTally, _projects, details=("cohort_id", "status", "phase"))
EVALUATIONS = TallyTable(WorkshopEvaluationTally, _evaluations)
PROGRAMME_MEASURES = TallyTable(
    ProgrammeStatistic,
    _programme_measures,
    reference=partial(_programme_measures, from_tallies=False),
)
MUNICIPALITY = TallyTable(MunicipalityStatistic, municipality_measures)
DEPARTMENTS = TallyTable(DepartmentTally, _department_tallies)
COHORTS = TallyTable(CohortTally, _cohort_tallies)
OFFERING_CELLS = TallyTable(
    OfferingStatistic, _offering_cells, reference=partial(_offering_cells, from_tallies=False)
)
# in this order: the department and cohort tallies read the attendance tallies, the offering
# cells these and the programme measures
TALLY_TABLES = (
    ATTENDANCE,
    PROJECTS,
    EVALUATIONS,
    MUNICIPALITY,
    PROGRAMME_MEASURES,
    DEPARTMENTS,
    COHORTS,
    OFFERING_CELLS,
)
# what moves the whole municipality's distinct people: receipts and follow-ups, workshops and
# cohorts moving, enrolments (a cohort's first, a follow-up's enrolment), people leaving
WHOLE_MUNICIPALITY_KINDS = ("workshops", "cohorts", "programmes", "enrolments", "people")


# --- from changes to parents ---------------------------------------------------------------


def touched_parents(session: TenantSession, touched: Touched) -> dict[TallyTable, Parents]:
    """The parents whose tallies the changes may have moved (None: all of them): the touched
    rows' parents, up to their programmes and the offerings of those (and those a programme
    left or joined), and the touched people's departments (``_departments_of``)."""
    if touched.everything:
        return dict.fromkeys(TALLY_TABLES)
    ids = touched.ids
    of_workshops = ids["cohorts"] | parent_ids(
        session, Workshop.cohort_id, Workshop.id, ids["workshops"]
    )
    projects = ids["projects"] | parent_ids(
        session, TrialAction.project_id, TrialAction.id, ids["trial_actions"]
    )
    cohorts = of_workshops | parent_ids(
        session, ActionLearningProject.cohort_id, ActionLearningProject.id, projects
    )
    programmes = (
        ids["programmes"]
        | parent_ids(session, Cohort.programme_id, Cohort.id, cohorts)
        | parent_ids(session, Enrolment.programme_id, Enrolment.id, ids["enrolments"])
    )
    return {
        ATTENDANCE: of_workshops,
        MUNICIPALITY: None if any(ids[kind] for kind in WHOLE_MUNICIPALITY_KINDS) else set(),
        COHORTS: of_workshops | ids["enrolment_cohorts"],
        PROJECTS: projects,
        EVALUATIONS: set(ids["workshops"]),
        PROGRAMME_MEASURES: programmes,
        OFFERING_CELLS: ids["offerings"]
        | parent_ids(session, Programme.offering_id, Programme.id, programmes),
        DEPARTMENTS: _departments_of(session, touched),
    }


def parent_ids(session: TenantSession, parent: Any, child: Any, ids: set[uuid.UUID]) -> set[Any]:
    """The distinct ``parent`` values of the rows whose ``child`` is one of ``ids``."""
    if not ids:
        return set()
    rows = session.exec(select(parent).where(col(child).in_(ids), col(parent).is_not(None)))
    return set(rows.all())


def _departments_of(session: TenantSession, touched: Touched) -> Parents:
    """The departments of the touched people's units now and of the units they left (None:
    every department)."""
    if touched.every_department:
        return None
    units = set(touched.ids["org_units"])
    if touched.ids["people"]:
        units |= {
            NO_DEPARTMENT if unit is None else unit
            for unit in session.exec(
                select(Person.org_unit_id)
                .where(col(Person.id).in_(touched.ids["people"]))
                .distinct()
            ).all()
        }
    if not units:
        return set()
    department_of_unit = _unit_departments(session)
    return {department_of_unit.get(unit, unit) for unit in units}


def _unit_departments(session: TenantSession) -> dict[uuid.UUID, uuid.UUID]:
    """``unit_departments``, read once per refresh (forgotten at its end)."""
    found = session.info.get(UNIT_DEPARTMENTS)
    if found is None:
        found = session.info[UNIT_DEPARTMENTS] = unit_departments(session)
    assert isinstance(found, dict)
    return found


def refresh_tallies(session: TenantSession, touched: Touched) -> int:
    """Recompute the tallies the changes lead to (in a fold, under its lock), in the order of
    ``TALLY_TABLES``; returns the rows written."""
    try:
        wanted = touched_parents(session, touched)
        return sum(
            replace_tallies(session, table, parents, table.compute(session, parents))
            for table in TALLY_TABLES
            if (parents := wanted[table]) is None or parents
        )
    finally:
        session.info.pop(UNIT_DEPARTMENTS, None)


# --- writing -------------------------------------------------------------------------------


def _chunks(items: Iterable[Any]) -> Iterable[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def stored_tallies(session: TenantSession, table: TallyTable, parents: Parents) -> Tallies:
    """The tenant's stored rows of these parents, in the shape ``compute`` returns."""
    found: Tallies = {}
    columns = [table.column(name) for name in (*table.keys, *table.values)]
    chunks: Iterable[list[uuid.UUID] | None] = [None] if parents is None else _chunks(parents)
    for chunk in chunks:
        statement = select(*columns).where(*_within(table.column(table.parent), chunk))
        for row in session.exec(statement).all():
            key = tuple(row[: len(table.keys)])
            found[key] = complete(
                table, dict(zip(table.values, row[len(table.keys) :], strict=True))
            )
    return found


def complete(table: TallyTable, values: Values) -> Values:
    """Every column of the row: counts left out are 0, enum values their plain string."""
    return {
        name: _plain(values.get(name, 0 if name in table.counts else None)) for name in table.values
    }


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


def replace_tallies(
    session: TenantSession, table: TallyTable, parents: Parents, wanted: Tallies
) -> int:
    """Make the tenant's rows of these parents equal to ``wanted``; only changed rows are
    written. Returns the number of rows written."""
    wanted = {key: complete(table, values) for key, values in wanted.items()}
    stored = stored_tallies(session, table, parents)
    stale = [key for key, values in stored.items() if wanted.get(key) != values]
    fresh = [key for key, values in wanted.items() if stored.get(key) != values]
    key_columns = tuple_(*(table.column(name) for name in table.keys))
    for chunk in _chunks(stale):
        session.execute(delete(table.model).where(key_columns.in_(chunk)))
    for chunk in _chunks(fresh):
        session.execute(
            insert(table.model),
            [
                {
                    "municipality_id": session.tenant,
                    **dict(zip(table.keys, key, strict=True)),
                    **wanted[key],
                }
                for key in chunk
            ],
        )
    return len(fresh)


# --- the rebuild ---------------------------------------------------------------------------


def rebuild_municipality_tallies(session: TenantSession) -> int:
    """Recompute every tally of the session's municipality (in a rebuild, under the fold
    lock); returns the rows written."""
    written = 0
    try:
        for table in TALLY_TABLES:
            session.execute(delete(table.model))
            written += replace_tallies(session, table, None, table.compute(session, None))
    finally:
        session.info.pop(UNIT_DEPARTMENTS, None)
    return written
