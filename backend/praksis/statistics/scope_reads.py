"""The municipality view's figures for one scope of enrolments, from the maintained tallies.

HR's whole municipality (no filter) reads its maintained rows (``read_whole_municipality``: a
few hundred, however many enrolments). Any other scope is read in one statement
(``read_scope``): the enrolments in scope, with their person's org unit, once as a common
table expression, joined with the small tallies of ``statistics.tallies`` as tables (not the
raw attendance, trial actions, feedback and evaluations); breakdowns grouped in SQL by org
unit (then summed per department), programme and cohort. On PostgreSQL it also counts the
evaluators by month, and its SQL is compiled once per shape of conditions (``_scope_rows``).
What counts is ``statistics.registry``'s.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CTE,
    BigInteger,
    BindParameter,
    Boolean,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    String,
    Uuid,
    and_,
    any_,
    bindparam,
    case,
    cast,
    inspect,
    literal_column,
    null,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression
from sqlalchemy.sql.visitors import replacement_traverse
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, col, func

from praksis.action_learning.models import ProjectOwner
from praksis.cohorts.models import Cohort
from praksis.enrolments.models import Enrolment, EnrolmentStatus
from praksis.feedback.models import TransferFollowUp
from praksis.kit.db import TenantSession, UtcDateTime, compiled_for_any_tenant
from praksis.people.models import OrgUnit, OrgUnitKind, Person
from praksis.programmes.models import Programme
from praksis.statistics import registry as r
from praksis.statistics.models import (
    NO_COHORT,
    NO_DEPARTMENT,
    AttendanceTally,
    CohortTally,
    DepartmentTally,
    MunicipalityStatistic,
    ProgrammeStatistic,
    ProjectTally,
    WorkshopEvaluationTally,
)
from praksis.statistics.reference import MUNICIPALITY_SOURCES, evaluators_by_month, scope_measures
from praksis.statistics.reference import evaluators as evaluators_of
from praksis.statistics.scope import Conditions, Measures, key_join, workshop_of_cohorts
from praksis.workshops.models import AttendanceStatus, Workshop

Key = uuid.UUID | None
STATUSES = (*r.ENROLMENT_STATUSES, *r.ATTENDANCE_STATUSES)
"""A breakdown row's counts, in this order: enrolments by status, then attendance by status."""
ATTENDANCE_FROM = len(r.ENROLMENT_STATUSES)  # the place of a row's first attendance count
PLACES = {"enrolments": (0, ATTENDANCE_FROM), "attendance": (ATTENDANCE_FROM, len(STATUSES))}
"""Where each family's counts stand in a breakdown row: from, to."""
Breakdown = dict[Key, list[int]]  # by key: counts by ``STATUSES``

VALUES = 1 + len(r.PROJECT_TALLY_COUNTS)  # the widest row: projects (a count and their tallies)
# what each row of the statement is (its first column: the index here); the counts by status
# are read into the breakdown (``ScopeRows.by_…``) and family (``PLACES``) its name says
KINDS = (
    "enrolments_by_programme",
    "enrolments_by_department",
    "enrolments_by_cohort",
    "attendance_by_programme",
    "attendance_by_department",
    "attendance_by_cohort",
    "outcomes",
    "projects",
    "evaluations",
    "follow_ups",
    "withdrawals",
    "evaluators",
    "labels",
)


@dataclass
class ScopeRows:
    """Enrolments and attendance by status per department, programme and cohort, and every
    other measure of the scope."""

    by_department: Breakdown = field(default_factory=dict)
    by_programme: Breakdown = field(default_factory=dict)
    by_cohort: Breakdown = field(default_factory=dict)
    measures: Measures = field(default_factory=dict)
    # (a moment in the month, [responses, score sums…])
    evaluations_by_start: list[tuple[datetime, list[int]]] = field(default_factory=list)
    withdrawals: dict[Any, int] = field(default_factory=dict)  # by reason (None: not given)
    # distinct evaluators in all and by month ('YYYY-MM')
    evaluators: tuple[int, dict[str, int]] = (0, {})
    labels: dict[uuid.UUID, str] = field(default_factory=dict)  # the breakdowns' keys' names

    def count(self, by: str, key: Key, family: str, counts: Sequence[Any]) -> None:
        """Add one family's counts by status (``enrolments``, ``attendance``) to the row of
        ``key`` in the breakdown ``by`` (``department``, ``programme``, ``cohort``)."""
        add_counts(getattr(self, f"by_{by}"), key, PLACES[family][0], counts)


def add_counts(breakdown: Breakdown, key: Key, first: int, counts: Sequence[Any]) -> None:
    """Add ``counts`` to the row of ``key`` from its place ``first`` on (no row for zeros)."""
    if not any(counts):
        return
    row = breakdown.get(key)
    if row is None:
        row = breakdown[key] = [0] * len(STATUSES)
    for place, count in enumerate(counts, first):
        row[place] += int(count or 0)


# --- the statement -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    enrolments: CTE  # the enrolments in scope, with their person's org unit
    pairs: CTE  # their distinct (person, cohort, unit)
    departments: CTE  # (unit, department), ``_departments``
    workshops: CTE  # (municipality, id, start) of the workshops of the scope's cohorts


def _departments() -> CTE:
    """(unit, department) for each unit below or at an afdeling: the nearest one at or above
    it (``people.service.department_of``; other units are their own department)."""
    above = aliased(OrgUnit)
    afdeling = OrgUnitKind.afdeling.value
    walk = select(
        col(OrgUnit.id).label("unit"),
        col(OrgUnit.parent_id).label("above"),
        case((col(OrgUnit.kind) == afdeling, OrgUnit.id)).label("department"),
    ).cte("walk", recursive=True)
    walk = walk.union_all(
        select(
            walk.c.unit,
            col(above.parent_id),
            case((col(above.kind) == afdeling, above.id)),
        )
        .join(above, col(above.id) == walk.c.above)
        .where(walk.c.department.is_(None))
    )
    return (
        select(walk.c.unit, walk.c.department)
        .where(walk.c.department.is_not(None))
        .cte("departments")
    )


def _scope(conditions: list[ColumnElement[bool]]) -> Scope:
    enrolments = (
        select(
            col(Enrolment.id),
            col(Enrolment.person_id),
            col(Enrolment.cohort_id),
            col(Enrolment.programme_id),
            cast(Enrolment.status, String).label("status"),
            cast(Enrolment.withdrawal_reason, String).label("withdrawal_reason"),
            col(Enrolment.grade),
            col(Enrolment.passed),
            col(Person.org_unit_id).label("unit"),
        )
        .join(Person, key_join(Person, Enrolment.person_id))
        .where(*(_on_the_joined_person(condition) for condition in conditions))
        .cte("scoped")
    )
    pairs = (
        select(enrolments.c.person_id, enrolments.c.cohort_id, enrolments.c.unit)
        .where(enrolments.c.cohort_id.is_not(None))
        .distinct()
        .cte("pairs")
    )
    # joined with the distinct cohorts (hashed), not an IN over the CTE: PostgreSQL guesses a
    # CTE at 200 rows and would probe it once per workshop
    cohorts = select(pairs.c.cohort_id).distinct().subquery("scoped_cohorts")
    workshops = (
        select(col(Workshop.municipality_id), col(Workshop.id), col(Workshop.starts_at))
        .join(cohorts, cohorts.c.cohort_id == Workshop.cohort_id)
        .cte("scoped_workshops")
    )
    return Scope(enrolments, pairs, _departments(), workshops)


ENROLMENT_PERSON = inspect(Enrolment).columns["person_id"]
PEOPLE, PERSON = inspect(Person).local_table, inspect(Person).columns["id"]


def _on_the_joined_person(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """``scope.person_in_units`` (``enrolments.person_id IN (SELECT people.id FROM people
    WHERE …)``: a leader's or a unit's people) as its condition on the person the scope joins:
    PostgreSQL would otherwise read each of those people twice, for the condition and then by
    key for their unit (a director's 2,678: ~7 ms of the request). Any other condition is
    kept as it is."""
    people = getattr(getattr(condition, "right", None), "element", None)
    if (
        isinstance(condition, BinaryExpression)
        and condition.operator is operators.in_op
        and condition.left.compare(ENROLMENT_PERSON)
        and isinstance(people, Select)
        and people.get_final_froms() == [PEOPLE]
        and [column.compare(PERSON) for column in people.selected_columns] == [True]
        and people.whereclause is not None
    ):
        return people.whereclause
    return condition


TYPES: tuple[TypeEngine[Any], ...] = (
    Uuid(),
    String(),
    String(),
    Integer(),
    Boolean(),
    UtcDateTime(),
    *[BigInteger()] * VALUES,
)


def _row(
    kind: str,
    key: Any = None,
    name: Any = None,
    detail: Any = None,
    grade: Any = None,
    passed: Any = None,
    moment: Any = None,
    values: Sequence[Any] = (),
) -> list[Any]:
    """One row shape for every branch: (kind, key, name, detail, grade, passed, moment,
    values…); a NULL has its column's type (PostgreSQL types a UNION's columns from its
    branches in order, and a bare NULL is text)."""
    given = (key, name, detail, grade, passed, moment, *values, *[None] * (VALUES - len(values)))
    index: ColumnElement[Any] = literal_column(str(KINDS.index(kind)))
    typed = zip(given, TYPES, strict=True)
    return [index, *(cast(null(), type_) if value is None else value for value, type_ in typed)]


def _by_status(status: Any, statuses: Iterable[StrEnum]) -> list[Any]:
    """One count per status (a pivot: one row per key instead of one per key and status)."""
    return [func.count().filter(status == literal_column(f"'{value.value}'")) for value in statuses]


def _counted_by(
    kind: str, key: Any, counts: list[Any], above: Any = None, named: bool = False
) -> Select[Any]:
    """The counts per key; with ``above`` (rows of a key and the key above it: a unit's
    department, a cohort's programme), the counts per key are summed per key above it (mapping
    those few hundred rows, not each enrolment); a key without one above stays as it is.
    ``named``: with the name of the org unit the key is."""
    if above is None:
        return select(*_row(kind, key, values=counts)).group_by(key)
    names = [f"count_{index}" for index in range(len(counts))]
    labelled = (count.label(name) for count, name in zip(counts, names, strict=True))
    keys = select(key.label("key"), *labelled).group_by(key).subquery(f"{kind}_by_key")
    lower, upper = above.c
    mapped = func.coalesce(upper, keys.c.key)
    sums = [func.sum(keys.c[name]) for name in names]
    counted = keys.outerjoin(above, lower == keys.c.key)
    if not named:
        return select(*_row(kind, mapped, values=sums)).select_from(counted).group_by(mapped)
    return (
        select(*_row(kind, mapped, OrgUnit.name, values=sums))
        .select_from(counted.outerjoin(OrgUnit, col(OrgUnit.id) == mapped))
        .group_by(mapped, OrgUnit.name)
    )


def _grouped(name: str, keys: list[Any], counts: list[Any]) -> tuple[list[Any], list[Any]]:
    """The counts grouped by ``keys`` once (a common table expression of a few hundred rows):
    its key columns and its counts' sums, for breakdowns by one of the keys."""
    labelled = (count.label(f"count_{index}") for index, count in enumerate(counts))
    grouped = list(select(*keys, *labelled).group_by(*keys).cte(name).c)
    return grouped[: len(keys)], [func.sum(count) for count in grouped[len(keys) :]]


def _outcomes(scope: Scope) -> Select[Any]:
    s = scope.enrolments.c
    return (
        select(*_row("outcomes", grade=s.grade, passed=s.passed, values=[func.count()]))
        .where(s.status == EnrolmentStatus.completed.value)
        .group_by(s.grade, s.passed)
    )


def _withdrawals(scope: Scope) -> Select[Any]:
    s = scope.enrolments.c
    return (
        select(*_row("withdrawals", name=s.withdrawal_reason, values=[func.count()]))
        .where(s.status == EnrolmentStatus.withdrawn.value)
        .group_by(s.withdrawal_reason)
    )


def _attended(scope: Scope) -> CTE:
    pairs = scope.pairs.c
    tallies = AttendanceTally
    return (
        select(
            pairs.unit,
            col(tallies.cohort_id),
            *(getattr(tallies, status.value) for status in AttendanceStatus),
        )
        .join(
            scope.pairs,
            and_(pairs.person_id == tallies.person_id, pairs.cohort_id == tallies.cohort_id),
        )
        .cte("attended")
    )


def _projects(scope: Scope) -> Select[Any]:
    pairs = scope.pairs.c
    # (owner, project's cohort) among the pairs: one hashed set PostgreSQL probes per owner
    # (joining the pairs to the owners and de-duplicating the projects took 3× as long)
    owned_in_scope = (
        select(col(ProjectOwner.id))
        .where(
            col(ProjectOwner.project_id) == ProjectTally.project_id,
            tuple_(col(ProjectOwner.person_id), col(ProjectTally.cohort_id)).in_(
                select(pairs.person_id, pairs.cohort_id)
            ),
        )
        .exists()
    )
    status = cast(ProjectTally.status, String)
    phase = cast(ProjectTally.phase, String)
    counts = [func.sum(getattr(ProjectTally, name)) for name in r.PROJECT_TALLY_COUNTS]
    return (
        select(*_row("projects", None, status, phase, values=[func.count(), *counts]))
        .where(owned_in_scope)
        .group_by(status, phase)
    )


def _evaluations(scope: Scope) -> Select[Any]:
    """Responses and score sums by workshop start (the view's months; their sum the totals)."""
    workshops = scope.workshops.c
    parts = (getattr(WorkshopEvaluationTally, part) for part in r.EVALUATION_PARTS)
    return (
        select(
            *_row(
                "evaluations",
                moment=workshops.starts_at,
                values=[func.sum(part) for part in parts],
            )
        )
        .select_from(WorkshopEvaluationTally)
        .join(scope.workshops, workshops.id == WorkshopEvaluationTally.workshop_id)
        .group_by(workshops.starts_at)
    )


ZONE = "scope_zone"


def _evaluators(scope: Scope) -> Select[Any]:
    """Distinct people who answered an evaluation of the scope's workshops, by the month the
    workshop started in the municipality's time (the parameter ``ZONE``) and in all (ROLLUP:
    the row without a month). PostgreSQL only: SQLite counts them in ``read_scope``."""
    workshops = scope.workshops.c
    zone = bindparam(ZONE, type_=String)
    month = func.date_trunc(literal_column("'month'"), func.timezone(zone, workshops.starts_at))
    in_months = select(workshops.municipality_id, workshops.id, month.label("month")).subquery(
        "workshop_months"
    )
    counted = evaluators_by_month(in_months)
    by_month, people = counted.selected_columns
    label = func.to_char(by_month, literal_column("'YYYY-MM'"))
    return counted.with_only_columns(
        *_row("evaluators", name=label, values=[people]), maintain_column_froms=True
    )


def _labels(programme: Any, cohort: Any) -> list[Select[Any]]:
    """The names of the scope's programmes, and of its cohorts with their programme's
    ("Programme – cohort": a cohort's name is unique only within its programme); its
    departments' come with their enrolments."""
    return [
        select(*_row("labels", Programme.id, Programme.title)).where(
            col(Programme.id).in_(select(programme))
        ),
        select(*_row("labels", Cohort.id, Programme.title, Cohort.name))
        .join(Programme, key_join(Programme, Cohort.programme_id))
        .where(col(Cohort.id).in_(select(cohort))),
    ]


EVERY_LABEL: CompoundSelect[Any] = union_all(
    select(col(OrgUnit.id), col(OrgUnit.name), null()),
    select(col(Programme.id), col(Programme.title), null()),
    select(col(Cohort.id), col(Programme.title), col(Cohort.name)).join(
        Programme, key_join(Programme, Cohort.programme_id)
    ),
)
"""The names of every unit, programme and cohort, as ``_labels`` gives them."""


def every_label(session: Session) -> dict[uuid.UUID, str]:
    return {key: _label(name, detail) for key, name, detail in session.execute(EVERY_LABEL).all()}


def _label(name: str, detail: str | None) -> str:
    return name if detail is None else f"{name} – {detail}"


def _follow_ups(scope: Scope) -> Select[Any]:
    return (
        select(
            *_row(
                "follow_ups",
                values=[
                    func.count(),
                    func.sum(TransferFollowUp.usage),
                    func.count(func.distinct(TransferFollowUp.person_id)),
                ],
            )
        )
        .select_from(TransferFollowUp)
        .join(scope.enrolments, scope.enrolments.c.id == TransferFollowUp.enrolment_id)
        .where(col(TransferFollowUp.usage).is_not(None))
    )


# --- reading the rows ----------------------------------------------------------------------


def _statement(
    conditions: list[ColumnElement[bool]], evaluators: bool = False
) -> CompoundSelect[Any]:
    scope = _scope(conditions)
    attended = _attended(scope)
    e, a, departments = scope.enrolments.c, attended.c, scope.departments
    enrolled = _by_status(e.status, EnrolmentStatus)
    attendance = [func.sum(getattr(a, status.value)) for status in AttendanceStatus]
    (programme, cohort), by_cohort = _grouped("enrolled", [e.programme_id, e.cohort_id], enrolled)
    (attended_cohort,), attendance_by_cohort = _grouped("attendance", [a.cohort_id], attendance)
    programmes = select(col(Cohort.id), col(Cohort.programme_id)).subquery("programmes")
    return union_all(
        _counted_by("enrolments_by_programme", programme, by_cohort),
        _counted_by("enrolments_by_department", e.unit, enrolled, departments, named=True),
        _counted_by("enrolments_by_cohort", cohort, by_cohort),
        _counted_by("attendance_by_programme", attended_cohort, attendance_by_cohort, programmes),
        _counted_by("attendance_by_department", a.unit, attendance, departments),
        _counted_by("attendance_by_cohort", attended_cohort, attendance_by_cohort),
        _outcomes(scope),
        _projects(scope),
        _evaluations(scope),
        _follow_ups(scope),
        _withdrawals(scope),
        *([_evaluators(scope)] if evaluators else []),
        *_labels(programme, cohort),
    )


MAX_COMPILED = 64  # shapes of conditions: a few filters combined


# --- PostgreSQL: compiled once per shape -----------------------------------------------------

VALUE = "scope_value_{}"


@dataclass(frozen=True)
class CompiledScope:
    """The statement's SQL for one shape of conditions, scoped to a placeholder tenant (as the
    session scopes every statement, ``db.scoped_to_tenant``); each request gives it the
    session's tenant and the conditions' values as the named parameters."""

    sql: str
    tenant_names: tuple[str, ...]
    processors: tuple[Any, ...]  # per condition value: its type's bind processor, or None
    fixed: dict[str, Any]  # the statement's own values (statuses, kinds), as sent

    def parameters(self, tenant: str, values: Sequence[Any], zone: str) -> dict[str, Any]:
        found: dict[str, Any] = dict.fromkeys(self.tenant_names, tenant) | self.fixed
        found[ZONE] = zone
        for index, (value, process) in enumerate(zip(values, self.processors, strict=True)):
            found[VALUE.format(index)] = value if process is None else process(value)
        return found


COMPILED: dict[Any, CompiledScope] = {}


def _named(
    conditions: list[ColumnElement[bool]], template: list[BindParameter[Any]]
) -> list[ColumnElement[bool]]:
    """The conditions with each value a parameter named by its place in ``template`` (an
    ``IN`` of a list: ``= ANY`` of one array), so one compiled SQL takes any values."""
    index = {parameter.key: place for place, parameter in enumerate(template)}

    def renamed(element: Any, **_: Any) -> Any:
        # a value that is not among the template's is part of the shape: it stays as it is
        if isinstance(element, BinaryExpression) and element.operator is operators.in_op:
            values = element.right
            if isinstance(values, BindParameter) and values.expanding and values.key in index:
                name = VALUE.format(index[values.key])
                return element.left == any_(bindparam(name, type_=ARRAY(element.left.type)))
        if isinstance(element, BindParameter) and element.key in index:
            return bindparam(VALUE.format(index[element.key]), type_=element.type)
        return None

    return [replacement_traverse(condition, {}, renamed) for condition in conditions]


def _compiled(
    session: TenantSession,
    shape: Any,
    conditions: list[ColumnElement[bool]],
    template: list[Any],
) -> CompiledScope:
    if (found := COMPILED.get(shape)) is not None:
        return found
    statement = _statement(_named(conditions, template), evaluators=True)
    dialect = session.get_bind().dialect
    compiled, tenant_names = compiled_for_any_tenant(statement, dialect, "the scope")
    given = {ZONE, *tenant_names, *(VALUE.format(place) for place in range(len(template)))}
    fixed = {
        name: _processed(compiled.binds[name].type, dialect, value)
        for name, value in compiled.params.items()
        if name not in given
    }
    array = {place for place, value in enumerate(template) if value.expanding}
    processors = tuple(
        (ARRAY(value.type) if place in array else value.type).bind_processor(dialect)
        for place, value in enumerate(template)
    )
    if len(COMPILED) >= MAX_COMPILED:
        COMPILED.clear()
    COMPILED[shape] = found = CompiledScope(str(compiled), tenant_names, processors, fixed)
    return found


def _processed(type_: TypeEngine[Any], dialect: Any, value: Any) -> Any:
    process = type_.bind_processor(dialect)
    return value if process is None else process(value)


def _scope_rows(
    session: Session, conditions: list[ColumnElement[bool]], zone: str
) -> Sequence[Any]:
    """The statement's rows. On PostgreSQL its SQL is compiled once per shape of conditions
    and run with the request's values (SQLAlchemy otherwise copies the statement for the
    values and the tenant scope and derives its cache key each request: ~10 ms of Python),
    and its rows count the evaluators by month of the municipality's time ``zone``."""
    keys = [condition._generate_cache_key() for condition in conditions]
    if not isinstance(session, TenantSession) or not session.is_postgresql or None in keys:
        return session.execute(_statement(conditions)).all()
    shape = tuple(key.key for key in keys if key is not None)
    template = [value for key in keys if key is not None for value in key.bindparams]
    compiled = _compiled(session, shape, conditions, template)
    values = [value.effective_value for value in template]
    parameters = compiled.parameters(session.tenant, values, zone)
    return session.connection().exec_driver_sql(compiled.sql, parameters).all()


def read_scope(session: Session, conditions: list[ColumnElement[bool]], zone: str) -> ScopeRows:
    """The scope's rows, its evaluators by month of the municipality's time ``zone``."""
    found = ScopeRows()
    withdrawals: dict[Any, int] = {}
    evaluators: dict[str | None, int] = {}
    by_status = {place: (getattr(found, by), first, end) for place, by, first, end in BY_STATUS}
    rows = _scope_rows(session, conditions, zone)
    for index, key, name, detail, grade, passed, moment, *row in rows:
        if (counted := by_status.get(index)) is not None:
            if name is not None:  # the department's name
                found.labels[key] = name
            into, first, end = counted
            add_counts(into, key, first, row[: end - first])
            continue
        kind, values = KINDS[int(index)], [int(value or 0) for value in row]
        if kind == "outcomes":
            passed = None if passed is None else bool(passed)
            _add(found, [(r.completion_outcome(grade, passed), values[0])])
        elif kind == "projects":
            _add(found, r.named(r.project_tally(name, detail, *values)))
        elif kind == "evaluations":
            parts = values[: len(r.EVALUATION_PARTS)]
            found.evaluations_by_start.append((moment, parts))
            _add(found, r.named([(r.EVALUATIONS, (), parts)]))
        elif kind == "withdrawals":
            withdrawals[name] = values[0]
        elif kind == "evaluators":
            evaluators[name] = values[0]
        elif kind == "labels":
            found.labels[key] = _label(name, detail)
        else:
            answers, usage, people = values[:3]
            follow_ups = (r.FOLLOW_UPS, (), [answers, usage])
            _add(found, r.named([follow_ups, (r.FOLLOW_UP_RESPONDENTS, (), [people])]))
    found.measures = {measure: value for measure, value in found.measures.items() if value}
    found.withdrawals = withdrawals
    if evaluators:  # counted in the statement (PostgreSQL): the total's row is always there
        total = evaluators.pop(None, 0)
        found.evaluators = (total, {str(month): people for month, people in evaluators.items()})
    else:  # of the workshops of the cohorts with an enrolment in scope
        cohorts = {
            cohort
            for cohort, counts in found.by_cohort.items()
            if cohort is not None and any(counts[:ATTENDANCE_FROM])
        }
        of_cohorts = partial(workshop_of_cohorts, session, cohorts=cohorts)
        found.evaluators = evaluators_of(session, of_cohorts, ZoneInfo(zone))
    return _add(found, _the_rest(session, conditions, READ_IN_ONE_STATEMENT).items())


# the rows of counts by status: (their index, the ``ScopeRows`` breakdown, the places of
# their counts in its rows: from, to)
BY_STATUS = [
    (place, "by_" + by, *PLACES[family])
    for place, (family, _, by) in enumerate(kind.partition("_by_") for kind in KINDS)
    if family in PLACES
]
# with the evaluators (``ScopeRows.evaluators``: in the statement on PostgreSQL)
READ_IN_ONE_STATEMENT = frozenset(
    {r.ENROLMENTS, r.ATTENDANCE, r.PROJECTS, r.TRIAL_ACTIONS, r.FEEDBACK, r.EVALUATIONS}
    | {r.FOLLOW_UPS, r.FOLLOW_UP_RESPONDENTS, r.EVALUATORS}
)
# what HR's whole municipality reads maintained: the sources that add up across programmes,
# and its distinct people (``municipality_statistics``)
MAINTAINED_WHOLE = frozenset(
    {source for source in MUNICIPALITY_SOURCES if source.additive}
    | {r.FOLLOW_UP_RESPONDENTS, r.EVALUATORS}
)


def _the_rest(session: Session, conditions: Conditions, read: frozenset[r.Source]) -> Measures:
    """The measures of the sources not read otherwise, from their reference rows."""
    rest = [source for source in MUNICIPALITY_SOURCES if source not in read]
    return scope_measures(session, conditions, rest) if rest else {}


def _read_tallies(session: Session, found: ScopeRows) -> None:
    """The maintained tables of enrolment and attendance counts, by department and by cohort
    (``NO_DEPARTMENT``, ``NO_COHORT``: None)."""
    for model, key_name, no_key, into in (
        (DepartmentTally, "department_id", NO_DEPARTMENT, found.by_department),
        (CohortTally, "cohort_id", NO_COHORT, found.by_cohort),
    ):
        columns = [getattr(model, name) for name in (key_name, *STATUSES)]
        # one row per key (the tables' primary key) into an empty breakdown: taken as it is
        for key, *counts in session.execute(select(*columns)).all():
            if any(counts):
                into[None if key == no_key else key] = counts


def read_whole_municipality(session: Session) -> ScopeRows:
    """The same rows for every enrolment of the municipality (HR without filters), from the
    maintained department tallies and programme measures (``statistics.tallies``): a few
    hundred rows, however many enrolments there are; the withdrawals by reason counted."""
    found = ScopeRows()
    _read_tallies(session, found)
    rows = select(
        col(ProgrammeStatistic.programme_id),
        col(ProgrammeStatistic.measure),
        col(ProgrammeStatistic.value),
    )
    by_start: dict[str, list[int]] = defaultdict(lambda: [0] * len(r.EVALUATION_PARTS))
    for programme, measure, value in session.execute(rows).all():
        if measure.startswith((r.BY_MONTH, r.BY_START)):
            bucket, _, part = measure.rpartition(".")
            by_start[bucket][r.EVALUATION_PARTS.index(part)] += int(value)
        elif (place := PLACE_OF_MEASURE.get(measure)) is not None:
            add_counts(found.by_programme, programme, place, [value])
        elif not measure.startswith(("enrolments.", "attendance.")):
            _add(found, [(measure, int(value))])
    found.evaluations_by_start = [
        (r.bucket_moment(bucket), values) for bucket, values in by_start.items()
    ]
    measure, value = col(MunicipalityStatistic.measure), col(MunicipalityStatistic.value)
    people = {name: int(count) for name, count in session.execute(select(measure, value))}
    by_month = {
        name.removeprefix(EVALUATORS_IN): people.pop(name)
        for name in list(people)
        if name.startswith(EVALUATORS_IN)
    }
    found.evaluators = (people.pop(r.EVALUATION_PEOPLE, 0), by_month)
    withdrawn = select(col(Enrolment.withdrawal_reason), func.count()).where(
        col(Enrolment.status) == EnrolmentStatus.withdrawn
    )
    found.withdrawals = dict(session.execute(withdrawn.group_by(Enrolment.withdrawal_reason)).all())
    found.labels = every_label(session)
    _add(found, people.items())  # the follow-up respondents
    return _add(found, _the_rest(session, [], MAINTAINED_WHOLE).items())


PLACE_OF_MEASURE = {
    f"{family}.{STATUSES[place]}": place
    for family, (first, end) in PLACES.items()
    for place in range(first, end)
}
"""A programme measure of enrolments or attendance by status: its place in a breakdown row."""
EVALUATORS_IN = r.EVALUATION_PEOPLE + "."  # by month: ``tallies.municipality_measures``


def _add(found: ScopeRows, measures: Iterable[tuple[str, int]]) -> ScopeRows:
    for name, value in measures:
        found.measures[name] = found.measures.get(name, 0) + value
    return found
