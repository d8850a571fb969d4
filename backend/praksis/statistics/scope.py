"""The SQL every statistics computation shares: which rows are *in scope* of a list of
conditions on ``Enrolment``, and how rows are grouped (``ByProgramme``, ``ByOfferingCell``).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Uuid, and_, any_, bindparam, text, tuple_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from praksis.action_learning.models import ActionLearningProject, ProjectOwner
from praksis.enrolments.models import Enrolment
from praksis.people.models import OrgUnit, Person
from praksis.programmes.models import Programme
from praksis.workshops.models import Attendance, Workshop

Cell = tuple[str, uuid.UUID]
"""A group of rows: (municipality id, offering id) for the partner view's offering cells,
(municipality id, programme id) for the municipality view's programme measures."""
Measures = dict[str, int]
Key = Cell | None
Conditions = Sequence[ColumnElement[bool]]
Executor = Any  # a Session or a Connection: anything with ``execute(statement)``


def planned_for_the_values(session: Session) -> None:
    """Have PostgreSQL plan this transaction's statements for the values they carry, for
    this transaction only (the pooled connection keeps its defaults).

    psycopg prepares a statement from its fifth run on, and PostgreSQL may then keep a generic
    plan, costed without the values: for a scope (a director's units, a period) it took
    0.9–1.5 s where the custom plan takes ~0.15 s (``benchmarks/README.md``). Merge joins are
    left out as well: with no statistics of a common table expression, PostgreSQL estimated a
    join of two (a scope's attendance tallies and its 12,861 (person, cohort) pairs) at a
    tenth of its rows and sorted both sides to merge them, where hashing one takes half the
    time."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
                " set_config('enable_mergejoin', 'off', true)"
            )
        )


def key_join(target: Any, reference: Any) -> ColumnElement[bool]:
    """``target``'s row that ``reference`` (a column of another tenant table) points to, by the
    whole key (municipality_id, id): without the municipality the planner cannot use the keys'
    indexes across municipalities."""
    return and_(
        col(target.municipality_id) == reference.class_.municipality_id,
        col(target.id) == reference,
    )


def enrolled_in(
    cohort_id: Any, person_id: Any = None, conditions: Conditions = ()
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


def attended_in_scope(conditions: Conditions) -> ColumnElement[bool]:
    """The attendance row's person is enrolled (in scope) in the workshop's cohort."""
    return enrolled_in(Workshop.cohort_id, Attendance.person_id, conditions)


def owner_enrolled(
    project_id: Any, cohort_id: Any, conditions: Conditions = ()
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


def project_in_scope(conditions: Conditions) -> ColumnElement[bool]:
    """The project has an owner enrolled (in scope) in the project's cohort."""
    return owner_enrolled(ActionLearningProject.id, ActionLearningProject.cohort_id, conditions)


def evaluated_workshop_in_scope(workshop_id: Any, conditions: Conditions) -> ColumnElement[bool]:
    """The workshop (``workshop_id``, a column of a tenant table) belongs to a cohort with an
    enrolment in scope."""
    cohorts = select(Enrolment.municipality_id, Enrolment.cohort_id).where(*conditions)
    in_scope = tuple_(col(Workshop.municipality_id), col(Workshop.cohort_id)).in_(cohorts)
    return _workshop_where(workshop_id, in_scope)


def workshop_of_cohorts(
    session: Session, workshop_id: Any, cohorts: Collection[uuid.UUID]
) -> ColumnElement[bool]:
    """The workshop (``workshop_id``, a column of a tenant table) belongs to one of ``cohorts``."""
    return _workshop_where(workshop_id, among(session, Workshop.cohort_id, cohorts))


def _workshop_where(workshop_id: Any, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    workshops = select(Workshop.municipality_id, Workshop.id).where(condition)
    return tuple_(workshop_id.class_.municipality_id, workshop_id).in_(workshops)


def among(session: Session, column: Any, ids: Collection[uuid.UUID]) -> ColumnElement[bool]:
    """``column`` (of ids) is one of ``ids``: on PostgreSQL a single array parameter
    (``= ANY``), not one parameter per id (a year's cohorts or a director's units are
    thousands, each bound, sent and planned for again in every statement)."""
    if session.get_bind().dialect.name != "postgresql":
        return col(column).in_(ids)
    return col(column) == any_(bindparam(None, list(ids), type_=ARRAY(Uuid())))


def units_and_below(unit_ids: Collection[uuid.UUID]) -> Select[tuple[uuid.UUID]]:
    """The units and every unit below them, found by the database (a recursive query): a
    director's ~1,500 units walked here and sent back as a parameter took ~9 ms a request."""
    below = (
        select(col(OrgUnit.id))
        .where(col(OrgUnit.id).in_(list(unit_ids)))
        .cte("units_below", recursive=True)
    )
    child = aliased(OrgUnit)
    below = below.union(select(col(child.id)).join(below, col(child.parent_id) == below.c.id))
    return select(below.c.id)


def person_in_units(unit_ids: Collection[uuid.UUID]) -> ColumnElement[bool]:
    """The enrolment's person is in one of the units or below them (``scope_reads`` reads it
    as a condition on the person its scope joins)."""
    in_units = col(Person.org_unit_id).in_(units_and_below(unit_ids))
    return col(Enrolment.person_id).in_(select(Person.id).where(in_units))


def as_utc(moment: datetime) -> datetime:
    """A stored moment in UTC (SQLite gives it back without a zone: it is stored in UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# --- grouping ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ByOfferingCell:
    """Group by the (municipality, offering) of the row's programme; only linked programmes,
    and only these offerings when given."""

    offering_ids: Collection[uuid.UUID] | None = None

    def condition(self) -> ColumnElement[bool]:
        if self.offering_ids is None:
            return col(Programme.offering_id).is_not(None)
        return col(Programme.offering_id).in_(list(self.offering_ids))

    def in_cells(self, statement: Any, programme_id: Any, municipality_id: Any) -> Any:
        """The statement's rows of these cells, joined with their programme."""
        programme = and_(
            col(Programme.municipality_id) == municipality_id, col(Programme.id) == programme_id
        )
        return statement.join(Programme, programme).where(self.condition())

    def group(self, statement: Any, programme_id: Any, municipality_id: Any) -> Any:
        return (
            self.in_cells(statement, programme_id, municipality_id)
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


def grouped_rows(
    executor: Executor, statement: Any, programme_id: Any, municipality_id: Any, grouping: Grouping
) -> list[tuple[Key, tuple[Any, ...]]]:
    """The statement's rows under their group's key (None: not grouped)."""
    if grouping is None:
        return [(None, tuple(row)) for row in executor.execute(statement).all()]
    rows = executor.execute(grouping.group(statement, programme_id, municipality_id)).all()
    return [((str(row[-2]), row[-1]), tuple(row[:-2])) for row in rows]
