"""Keeping the municipality view's tallies equal to the raw tables, in the writer's transaction.

The same mechanism as the partner aggregates (``statistics.aggregates``): the flush hooks note
what a unit of work touched, and just before commit the touched parents are locked and their
tallies recomputed from the raw tables and replaced (only changed rows are written):

- ``attendance_tallies`` per cohort (touched attendance, workshops and cohorts);
- ``project_tallies`` per project (touched trial actions, feedback and projects);
- ``workshop_evaluation_tallies`` per workshop (touched evaluations).

Deleting a parent deletes its tallies by foreign-key cascade. A bulk UPDATE or DELETE on a
counted table recomputes every tally of the municipality.

Locking (PostgreSQL): a shared advisory lock on the municipality's tallies, then an exclusive
one per parent, in a fixed order; many parents, or a whole recomputation, take the
municipality's lock exclusively instead.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from typing import Any

from sqlalchemy import ColumnElement, delete, insert, tuple_
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from praksis.action_learning.models import ActionLearningProject, TrialAction, TrialActionStatus
from praksis.feedback.models import FeedbackKind, TrialActionFeedback, WorkshopEvaluation
from praksis.kit.db import TenantScoped, TenantSession
from praksis.statistics.aggregates import (
    Touched,
    in_each_municipality,
    lock,
    maintained,
    parent_ids,
    rebuild_offering_statistics,
)
from praksis.statistics.measures import key_join
from praksis.statistics.models import AttendanceTally, ProjectTally, WorkshopEvaluationTally
from praksis.workshops.models import Attendance, AttendanceStatus, Workshop

TALLIES_LOCK = "statistics_tallies"
MAX_PARENT_LOCKS = 200
CHUNK = 500

Values = dict[str, Any]  # by column; a count left out is 0
Tallies = dict[tuple[uuid.UUID, ...], Values]
Parents = Collection[uuid.UUID] | None  # None: every parent of the municipality


@dataclass(frozen=True)
class TallyTable:
    model: type[TenantScoped]
    parent: str  # the key column the table is recomputed by
    keys: tuple[str, ...]  # the primary key after municipality_id
    counts: tuple[str, ...]
    compute: Callable[[TenantSession, Parents], Tallies]
    details: tuple[str, ...] = ()  # what the parent row says, copied as it is

    @property
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
    rows = session.execute(
        sa_select(
            col(WorkshopEvaluation.workshop_id),
            func.count(),
            func.sum(WorkshopEvaluation.relevance),
            func.sum(WorkshopEvaluation.learning),
            func.sum(WorkshopEvaluation.usefulness),
        )
        .where(*_within(WorkshopEvaluation.workshop_id, workshops))
        .group_by(col(WorkshopEvaluation.workshop_id))
    ).all()
    return {
        (workshop,): {
            "responses": int(count),
            "relevance_sum": int(relevance),
            "learning_sum": int(learning),
            "usefulness_sum": int(usefulness),
        }
        for workshop, count, relevance, learning, usefulness in rows
    }


ATTENDANCE = TallyTable(
    AttendanceTally,
    "cohort_id",
    ("cohort_id", "person_id"),
    tuple(status.value for status in AttendanceStatus),
    _attendance,
)
PROJECTS = TallyTable(
    ProjectTally,
    "project_id",
    ("project_id",),
    (
        *(f"trial_actions_{status.value}" for status in TrialActionStatus),
        *(f"feedback_{kind.value}" for kind in FeedbackKind),
    ),
    _projects,
    details=("cohort_id", "status", "phase"),
)
EVALUATIONS = TallyTable(
    WorkshopEvaluationTally,
    "workshop_id",
    ("workshop_id",),
    ("responses", "relevance_sum", "learning_sum", "usefulness_sum"),
    _evaluations,
)
TALLY_TABLES = (ATTENDANCE, PROJECTS, EVALUATIONS)


# --- from changes to parents ---------------------------------------------------------------


def touched_parents(session: TenantSession, touched: Touched) -> dict[TallyTable, Parents]:
    """The parents whose tallies the changes may have moved (None: all of them)."""
    if touched.everything:
        return dict.fromkeys(TALLY_TABLES)
    ids = touched.ids
    cohorts = ids["cohorts"] | parent_ids(
        session, Workshop.cohort_id, Workshop.id, ids["workshops"]
    )
    projects = ids["projects"] | parent_ids(
        session, TrialAction.project_id, TrialAction.id, ids["trial_actions"]
    )
    return {ATTENDANCE: cohorts, PROJECTS: projects, EVALUATIONS: set(ids["workshops"])}


@maintained
def refresh_tallies(session: TenantSession, touched: Touched) -> int:
    """Lock and recompute the tallies the changes lead to; returns the rows written."""
    wanted = {
        table: parents
        for table, parents in touched_parents(session, touched).items()
        if parents is None or parents
    }
    if not wanted:
        return 0
    _lock(session, wanted)
    return sum(
        replace_tallies(session, table, parents, table.compute(session, parents))
        for table, parents in wanted.items()
    )


def _lock(session: TenantSession, wanted: dict[TallyTable, Parents]) -> None:
    whole = f"{TALLIES_LOCK}:{session.tenant}"
    names = [
        f"{table.model.__tablename__}:{session.tenant}:{parent}"
        for table, parents in wanted.items()
        for parent in sorted(parents or (), key=str)
    ]
    if any(parents is None for parents in wanted.values()) or len(names) > MAX_PARENT_LOCKS:
        lock(session, [whole])
    else:
        lock(session, [whole], shared=True)
        lock(session, names)


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
            found[key] = _complete(
                table, dict(zip(table.values, row[len(table.keys) :], strict=True))
            )
    return found


def _complete(table: TallyTable, values: Values) -> Values:
    """Every column of the row: counts left out are 0, enum values their plain string."""
    return {
        name: _plain(values.get(name, 0 if name in table.counts else None)) for name in table.values
    }


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


def naive_tallies(session: TenantSession, table: TallyTable, parents: Parents = None) -> Tallies:
    """The rows these parents' tallies should have, from the raw tables (what is stored is
    kept equal to this; the tests compare the two)."""
    return {
        key: _complete(table, values) for key, values in table.compute(session, parents).items()
    }


def replace_tallies(
    session: TenantSession, table: TallyTable, parents: Parents, wanted: Tallies
) -> int:
    """Make the tenant's rows of these parents equal to ``wanted``; only changed rows are
    written. Returns the number of rows written."""
    wanted = {key: _complete(table, values) for key, values in wanted.items()}
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
    """Recompute every tally of the session's municipality; returns the rows written."""
    _lock(session, dict.fromkeys(TALLY_TABLES))
    written = 0
    for table in TALLY_TABLES:
        session.execute(delete(table.model))
        written += replace_tallies(session, table, None, table.compute(session, None))
    return written


def rebuild_tallies(engine: Engine, app_role: str | None = None) -> int:
    """Recompute every municipality's tallies (after bulk loads), each in its own tenant
    transaction. Returns the number of rows written."""
    return in_each_municipality(engine, app_role, rebuild_municipality_tallies)


def rebuild_statistics(engine: Engine, app_role: str | None = None) -> int:
    """Every maintained statistics table after a bulk load: the partner view's offering
    cells and the municipality view's tallies. Returns the number of rows written."""
    return rebuild_offering_statistics(engine, app_role) + rebuild_tallies(engine, app_role)
